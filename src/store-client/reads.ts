import { isErrorCode, ParleyError, type ErrorCode } from '../errors/parley-error.js';
import { errorCode, type HttpOutcome, type InternalHttp } from './http.js';
import { backoffDelay, type BackoffPolicy, type Timers } from './outbox.js';
import {
  historySchema,
  recordingWantedSchema,
  type StartSessionBody,
  type RecordingWanted,
} from '../store/api/internal.js';
import { parseStartedSession, type StartedSession } from './session.js';
import type { HistoryTurn } from './types.js';

/**
 * The client's reads: direct requests (not the outbox) that the job waits on — open a session, the
 * history, whether to record — each retried with the outbox's backoff until a deadline, and parsed.
 */

export interface ReadContext {
  http: InternalHttp;
  runId: string;
  timers: Timers;
  backoff: BackoffPolicy;
}

/** `POST sessions`: the blueprint, agent, variables, engine state and history to resume from. */
export async function postSession(
  ctx: ReadContext,
  body: StartSessionBody,
  deadline: number,
): Promise<StartedSession> {
  const path = ctx.http.runPath(ctx.runId, '/sessions');
  return parseStartedSession(await requestWithRetry(ctx, 'POST', path, body, deadline));
}

export async function getHistory(ctx: ReadContext, deadline: number): Promise<HistoryTurn[]> {
  const path = ctx.http.runPath(ctx.runId, '/history');
  const parsed = historySchema.safeParse(await requestWithRetry(ctx, 'GET', path, undefined, deadline));
  if (!parsed.success)
    throw new ParleyError('INTERNAL', 'the store answered GET history with an unexpected body');
  return parsed.data.data;
}

/** Does the run want a recording, and at which instant must its timeline start? */
export async function getRecordingWanted(ctx: ReadContext, deadline: number): Promise<RecordingWanted> {
  const path = ctx.http.runPath(ctx.runId, '/recording');
  const parsed = recordingWantedSchema.safeParse(
    await requestWithRetry(ctx, 'GET', path, undefined, deadline),
  );
  if (!parsed.success)
    throw new ParleyError('INTERNAL', 'the store answered GET recording with an unexpected body');
  return parsed.data;
}

/** One request, retried while the store is unreachable (or busy) until `deadline`; refusals throw at once. */
async function requestWithRetry(
  ctx: ReadContext,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  deadline: number,
): Promise<unknown> {
  let attempt = 0;
  let last: HttpOutcome | null = null;
  for (;;) {
    attempt += 1;
    const outcome = await ctx.http.send(method, path, body);
    if (outcome.kind === 'ok') return outcome.body;
    if (outcome.kind !== 'retry') throw storeError(method, path, outcome);
    last = outcome;
    const delay = Math.max(backoffDelay(attempt, ctx.backoff, ctx.timers.random), outcome.retryAfterMs ?? 0);
    if (ctx.timers.now() + delay > deadline) break;
    await new Promise<void>((resolve) => ctx.timers.setTimeout(resolve, delay));
  }
  throw new ParleyError(
    'INTERNAL',
    `the store is unreachable (${last?.kind === 'retry' ? last.error : 'unknown'})`,
    { method, path, attempts: attempt },
  );
}

/** The store's refusal as a ParleyError: its own error code when it is one of ours, else by HTTP status. */
function storeError(method: string, path: string, outcome: HttpOutcome): ParleyError {
  const body = outcome.kind === 'ok' || outcome.kind === 'retry' ? null : outcome.body;
  const status = outcome.status;
  const code = errorCode(body);
  const message =
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { error?: { message?: unknown } }).error?.message === 'string'
      ? ((body as { error: { message: string } }).error.message as string)
      : `HTTP ${status}`;
  let mapped: ErrorCode;
  if (isErrorCode(code)) mapped = code;
  else if (status === 404) mapped = 'NOT_FOUND';
  else if (status === 401 || status === 403) mapped = 'UNAUTHORIZED';
  else if (status === 409) mapped = 'CONFLICT';
  else mapped = 'VALIDATION_FAILED';
  return new ParleyError(mapped, `store ${method} ${path}: ${message}`, { status, code });
}
