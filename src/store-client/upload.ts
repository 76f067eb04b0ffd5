import type { Readable } from 'node:stream';
import { ParleyError } from '../errors/parley-error.js';
import { errorCode, InternalHttp, type HttpOutcome } from './http.js';
import { backoffDelay, type BackoffPolicy, type ClientLogger, type Timers } from './outbox.js';
import {
  recordingSchema,
  recordingWantedSchema,
  type RecordingDto,
  type RecordingWanted,
} from '../store/api/internal.js';

/**
 * Recordings: not part of the JSON outbox (a file, not an event). The worker asks whether the run wants
 * one, then uploads it with its own retries before it finalizes, so the finalize (and its webhook) already
 * sees the run's `audio_url`.
 */

export type { RecordingWanted };

export interface RecordingUpload {
  contentType: 'audio/wav' | 'audio/ogg';
  bytes: number;
  /** Opens the body; called once per attempt. */
  open: () => Readable;
  /** ISO instant of the first sample. */
  timelineStartedAt: string;
  sessionId?: string | undefined;
}

export interface UploadContext {
  http: InternalHttp;
  runId: string;
  timers: Timers;
  backoff: BackoffPolicy;
  logger: ClientLogger;
}

/** PUT the recording, retrying while the store is unreachable (or 5xx) until `timeoutMs` has passed. */
export async function uploadRecording(
  ctx: UploadContext,
  upload: RecordingUpload,
  timeoutMs: number,
): Promise<RecordingDto> {
  const deadline = ctx.timers.now() + timeoutMs;
  const query = new URLSearchParams({ timeline_started_at: upload.timelineStartedAt });
  if (upload.sessionId) query.set('session_id', upload.sessionId);
  const path = ctx.http.runPath(ctx.runId, `/recording?${query}`);
  let last: HttpOutcome | null = null;
  for (let attempt = 1; ; attempt++) {
    const outcome = await ctx.http.upload(path, {
      contentType: upload.contentType,
      bytes: upload.bytes,
      body: upload.open(),
    });
    if (outcome.kind === 'ok') {
      const saved = recordingSchema.safeParse(outcome.body);
      if (!saved.success)
        throw new ParleyError('INTERNAL', 'the store answered PUT recording with an unexpected body');
      return saved.data;
    }
    if (outcome.kind !== 'retry') {
      const code = errorCode(outcome.body);
      throw new ParleyError(
        code === 'RECORDING_NOT_REQUESTED' || code === 'PAYLOAD_TOO_LARGE' ? code : 'INTERNAL',
        `the store refused the recording (HTTP ${outcome.status}${code ? ` ${code}` : ''})`,
        { status: outcome.status, code },
      );
    }
    last = outcome;
    const delay = Math.max(backoffDelay(attempt, ctx.backoff, ctx.timers.random), outcome.retryAfterMs ?? 0);
    ctx.logger.warn({ attempt, error: outcome.error }, 'recording upload failed; retrying');
    if (ctx.timers.now() + delay > deadline) break;
    await new Promise<void>((resolve) => ctx.timers.setTimeout(resolve, delay));
  }
  throw new ParleyError(
    'INTERNAL',
    `the store did not take the recording (${last?.kind === 'retry' ? last.error : 'unknown'})`,
  );
}

/**
 * One `GET /internal/runs/:id/recording` outside a client (no outbox): before a job opens its session.
 * Null when the store refuses (no such run); throws when it cannot be reached.
 */
export async function fetchRecordingWanted(o: {
  baseUrl: string;
  agentSecret: string;
  runId: string;
  timeoutMs?: number;
}): Promise<RecordingWanted | null> {
  const http = new InternalHttp({
    baseUrl: o.baseUrl,
    agentSecret: o.agentSecret,
    timeoutMs: o.timeoutMs ?? 5_000,
  });
  const outcome = await http.send('GET', http.runPath(o.runId, '/recording'));
  if (outcome.kind === 'rejected') return null;
  const parsed = outcome.kind === 'ok' ? recordingWantedSchema.safeParse(outcome.body) : null;
  if (!parsed?.success)
    throw new ParleyError(
      'INTERNAL',
      `the store answered GET recording with ${outcome.kind} ${outcome.status ?? ''}`,
    );
  return parsed.data;
}
