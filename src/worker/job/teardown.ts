import type { JobContext, voice } from '@livekit/agents';
import type { Logger } from 'pino';
import type { InterviewSession } from '../../interview/session.js';
import type { StoreClient } from '../../store-client/client.js';
import type { MetricsReporter } from '../metrics.js';
import type { ConversationRecorder } from './recording.js';
import { finishRecording } from './recording-upload.js';

/** Ending a session: close the store side (finalize or drain), stop speech, hang up the room. */

/**
 * Finalize the run when the interview ended in this session, otherwise drain the outbox (the run stays
 * resumable); then close the client. Either way the session's recording, if any, is uploaded first: a
 * resumed run keeps one recording per session (`GET /v1/interview-runs/:id/sessions`).
 */
export async function closeStoreSession(opts: {
  client: StoreClient;
  interview: InterviewSession | null;
  reason: string | null;
  runId: string | null;
  /** The session's recorder (null: not recording). */
  recorder: Pick<ConversationRecorder, 'stop'> | null;
  log: Logger;
  metrics: MetricsReporter;
}): Promise<void> {
  const { client, interview, recorder, log, metrics } = opts;
  // the recording goes first, so the finalize (and its webhook) sees the run's audio_url; a job that
  // found the run already ended recorded nothing of it
  const upload = opts.reason !== 'already_ended';
  if (recorder !== null) await finishRecording({ recorder, client, upload, log });
  if (interview?.ended && opts.reason !== 'already_ended') {
    const s = interview.state;
    const fin = await client.finalize(
      {
        ended_at: new Date(s.ended_at ?? Date.now()).toISOString(),
        reason: s.end_reason ?? 'completed',
      },
      { timeoutMs: 30_000 },
    );
    log.info({ end_reason: s.end_reason, finalized: fin.finalized, pending: fin.pending }, 'interview ended');
    metrics.push({
      kind: 'inc',
      name: 'parley_interviews_total',
      labels: { reason: s.end_reason ?? 'completed' },
    });
  } else {
    const d = await client.drain(30_000);
    log.info({ pending: d.pending }, 'session ended before the interview: outbox drained');
  }
  if (opts.runId !== null)
    metrics.push({ kind: 'unset', name: 'parley_outbox_depth', labels: { run_id: opts.runId } });
  client.close();
}

/** The store did not open a session for this run: count it, close everything, end the job. */
export async function refuseRun(opts: {
  ctx: JobContext;
  session: voice.AgentSession;
  client: StoreClient;
  error: unknown;
  log: Logger;
  metrics: MetricsReporter;
  /** The client is closed (the job stops using it). */
  onClosed: () => void;
}): Promise<void> {
  const { error, log, metrics } = opts;
  const code = (error as { code?: string }).code ?? 'INTERNAL';
  log.error(
    { code, err: (error as Error).message },
    'refusing job: the store did not open a session for this run',
  );
  metrics.push({ kind: 'inc', name: 'parley_jobs_rejected_total', labels: { reason: code.toLowerCase() } });
  await metrics.flush();
  opts.client.close();
  opts.onClosed();
  await opts.session.close().catch(() => undefined);
  opts.ctx.shutdown('run refused');
}

export async function interruptSpeech(session: voice.AgentSession): Promise<void> {
  try {
    await session.interrupt().await;
  } catch {
    // nothing playing, or it cannot be interrupted
  }
}

/** Hang up: deleting the room disconnects everyone (a SIP caller hears the call end). */
export async function hangUp(
  ctx: JobContext,
  session: voice.AgentSession,
  log: Logger,
  reason: string,
): Promise<void> {
  await session.close().catch(() => undefined);
  try {
    await ctx.deleteRoom();
  } catch (error) {
    log.warn({ err: String(error) }, 'could not delete the room');
  }
  ctx.shutdown(reason);
}
