import type { AnalysisResult } from '../../analysis/types.js';
import { buildResponses } from '../../analysis/responses/build.js';
import type { Responses } from '../../analysis/responses/types.js';
import type { FinalizeBody } from '../api/internal.js';
import { FINISHED_STATUSES, OPEN_STATUSES, isStatusIn } from '../api/run-status.js';
import type { StoreDeps } from '../deps.js';
import type { RunRow } from '../repos/runs.js';
import { emit } from './live.js';
import { transcriptEntry } from './serialize.js';
import { analysisWebhook, enqueueWebhooks } from './webhook-events.js';

/**
 * Ends a run: → processing, then (in the background) responses and analysis per the blueprint's pipeline,
 * → completed or failed, webhooks enqueued. Idempotent: a run already finalized is returned unchanged.
 */
export async function finalizeRun(
  deps: StoreDeps,
  runId: string,
  body: FinalizeBody,
): Promise<{ run: RunRow; started: boolean }> {
  const run = await deps.repos.runs.byId(runId);
  if (isStatusIn(run.status, FINISHED_STATUSES)) return { run, started: false };
  const now = new Date(deps.clock.now());
  const updated = await deps.repos.runs.update(
    runId,
    {
      status: 'processing',
      endedAt: body.ended_at ? new Date(body.ended_at) : now,
      endReason: body.reason,
      audioUrl: body.audio_url ?? run.audioUrl,
      generateReport: body.generate_report ?? null,
      updatedAt: now,
    },
    OPEN_STATUSES,
  );
  if (!updated) return { run: await deps.repos.runs.byId(runId), started: false };
  await deps.repos.runs.endOpenSessions(runId, now);
  await emit(deps, runId, [{ type: 'status', data: { status: 'processing', previous_status: run.status } }]);
  deps.tasks.run(() => processRun(deps, runId));
  return { run: updated, started: true };
}

async function loadContext(deps: StoreDeps, run: RunRow) {
  const blueprint = await deps.repos.blueprints.pinned(run);
  const transcript = (await deps.repos.turns.list(run.id)).map((t) => transcriptEntry(t, run.startedAt));
  const agent = run.agentId ? await deps.repos.agents.byId(run.agentId) : null;
  const mc = (agent?.config.model_config ?? {}) as {
    assessment?: { provider: 'openai' | 'anthropic'; model: string };
  };
  return { blueprint, transcript, assessment: mc.assessment };
}

/** Runs the analyzer and stores the result (also used by `POST /v1/interview-runs/:id/analysis`). */
export async function analyzeRun(
  deps: StoreDeps,
  run: RunRow,
  responses: Responses | null,
  assessment?: { provider: 'openai' | 'anthropic'; model: string },
): Promise<AnalysisResult | null> {
  const ctx = await loadContext(deps, run);
  const t = { organizationId: run.organizationId, testMode: run.testMode };
  const analyzer = deps.analyzerFor(assessment ?? ctx.assessment);
  const now = () => new Date(deps.clock.now());
  await deps.repos.results.put(
    t,
    run.id,
    'analysis',
    { status: 'pending', data: null, model: analyzer.model },
    now(),
  );
  try {
    const result = await analyzer.analyze({
      blueprint: ctx.blueprint,
      transcript: ctx.transcript,
      responses,
      participant_name: run.participant.name ?? null,
      language: ctx.blueprint.settings.language,
    });
    await deps.repos.results.put(
      t,
      run.id,
      'analysis',
      { status: 'completed', data: result, model: result.model },
      now(),
    );
    return result;
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : 'analysis failed';
    deps.logger.warn({ run_id: run.id, model: analyzer.model, err: message }, 'analysis failed');
    await deps.repos.results.put(
      t,
      run.id,
      'analysis',
      { status: 'failed', data: null, model: analyzer.model, error: message },
      now(),
    );
    return null;
  }
}

export async function processRun(deps: StoreDeps, runId: string): Promise<void> {
  const run = await deps.repos.runs.byId(runId);
  if (run.status !== 'processing') return;
  const t = { organizationId: run.organizationId, testMode: run.testMode };
  const now = () => new Date(deps.clock.now());
  let failure: { code: string; message: string } | null =
    run.endReason === 'error'
      ? { code: 'interview_error', message: 'the interview ended with an error' }
      : null;
  let responses: Responses | null = null;
  let analysis: AnalysisResult | null = null;
  let analysisRan = false;
  try {
    const ctx = await loadContext(deps, run);
    if (ctx.blueprint.pipeline.responses) {
      try {
        responses = buildResponses({
          blueprint: ctx.blueprint,
          state: run.engineState ?? null,
          transcript: ctx.transcript,
        });
        await deps.repos.results.put(t, runId, 'responses', { status: 'completed', data: responses }, now());
      } catch (err) {
        deps.logger.error({ run_id: runId, err: String(err) }, 'building responses failed');
        await deps.repos.results.put(
          t,
          runId,
          'responses',
          { status: 'failed', data: null, error: 'building responses failed' },
          now(),
        );
        failure ??= { code: 'responses_failed', message: 'building responses failed' };
      }
    } else {
      await deps.repos.results.put(t, runId, 'responses', { status: 'skipped', data: null }, now());
    }
    if (ctx.blueprint.pipeline.analysis && run.generateReport !== false) {
      analysisRan = true;
      analysis = await analyzeRun(deps, run, responses);
    } else {
      await deps.repos.results.put(t, runId, 'analysis', { status: 'skipped', data: null }, now());
    }
  } catch (err) {
    deps.logger.error({ run_id: runId, err: String(err) }, 'finalize pipeline failed');
    failure ??= { code: 'pipeline_failed', message: 'post-processing failed' };
  }
  const status = failure ? 'failed' : 'completed';
  const done = await deps.repos.runs.update(
    runId,
    { status, completedAt: now(), failure, updatedAt: now() },
    ['processing'],
  );
  if (!done) return;
  await emit(deps, runId, [{ type: 'status', data: { status, previous_status: 'processing' } }]);
  await enqueueWebhooks(
    deps,
    done,
    status === 'completed' ? 'interview_run.completed' : 'interview_run.failed',
  );
  if (analysisRan) await analysisWebhook(deps, done, analysis);
}
