import type { StoreDeps } from '../deps.js';
import type { AnalysisResult } from '../../analysis/types.js';
import type { RunRow } from '../repos/runs.js';
import { planDeliveries, type AnalysisSummaryInput } from '../webhooks/payloads.js';
import type { WebhookEventType } from '../webhooks/types.js';
import { runDto } from './serialize.js';

/** Outbox rows for one event of a run: its organisation's subscribed endpoints and its own notifications. */
export async function enqueueWebhooks(
  deps: StoreDeps,
  run: RunRow,
  type: WebhookEventType,
  analysis?: AnalysisSummaryInput,
  previousStatus?: string,
): Promise<number> {
  const t = { organizationId: run.organizationId, testMode: run.testMode };
  const endpoints = await deps.repos.endpoints.subscribed(t, type);
  // the run as GET /v1/interview-runs/:id shows it: its sessions and result document ids included
  const [sessions, documents] = await Promise.all([
    deps.repos.runs.sessions([run.id]),
    deps.repos.documents.idsOf([run.id]),
  ]);
  const dto = runDto(run, sessions.get(run.id) ?? [], documents.get(run.id) ?? null);
  const deliveries = planDeliveries({
    type,
    run: {
      ...dto,
      failure_reason: run.failure?.code ?? null,
      ...(previousStatus !== undefined ? { previous_status: previousStatus } : {}),
      metadata: JSON.parse(JSON.stringify(dto.metadata)),
    },
    ...(analysis ? { analysis } : {}),
    endpoints: endpoints.map((e) => ({
      id: e.id,
      url: e.url,
      secret: e.secret,
      enabled: e.enabled,
      event_types: e.eventTypes as WebhookEventType[],
    })),
    notifications: run.notifications,
    notificationSecret: deps.config.webhookSecret,
    publicUrl: deps.config.publicUrl,
    now: deps.clock.now(),
  });
  for (const d of deliveries) await deps.repos.outbox.enqueue(d, run.testMode);
  if (deliveries.length > 0) deps.onEnqueued?.();
  return deliveries.length;
}

/** The event a status names besides `interview_run.status_changed` (completed/failed come from finalize). */
const STATUS_EVENT: Partial<Record<string, WebhookEventType>> = {
  cancelled: 'interview_run.cancelled',
  expired: 'interview_run.expired',
  abandoned: 'interview_run.abandoned',
};

/** Webhooks for a status change of a run that was just recorded (called for every live `status` event). */
export async function statusChangeWebhooks(
  deps: StoreDeps,
  runId: string,
  change: { status: string; previous_status: string | null },
): Promise<void> {
  const run = await deps.repos.runs.byId(runId);
  const previous = change.previous_status ?? undefined;
  await enqueueWebhooks(
    deps,
    { ...run, status: change.status },
    'interview_run.status_changed',
    undefined,
    previous,
  );
  const specific = STATUS_EVENT[change.status];
  if (specific) await enqueueWebhooks(deps, { ...run, status: change.status }, specific, undefined, previous);
}

/** `analysis.completed` when the analyzer produced a result, `analysis.failed` when it ran and failed. */
export async function analysisWebhook(
  deps: StoreDeps,
  run: RunRow,
  result: AnalysisResult | null,
): Promise<void> {
  if (!result) {
    const row = await deps.repos.results.get(run.id, 'analysis');
    await enqueueWebhooks(deps, run, 'analysis.failed', { model: row?.model ?? null, summary: null });
    return;
  }
  await enqueueWebhooks(deps, run, 'analysis.completed', {
    model: result.model,
    generated_at: result.generated_at,
    summary: result.summary.content,
    theme_count: result.themes.length,
    quote_count: result.quotes.length,
  });
}
