import { z } from '@hono/zod-openapi';

/**
 * Every status a run can be in, and the subsets the store reasons with — defined here once.
 *
 *   scheduled → awaiting_participant (→ invited once the invitation email is sent) → awaiting_consent → active → processing → completed | failed
 *   active / awaiting_consent with no activity for PARLEY_ABANDON_AFTER_S → abandoned (resumable until expires_at)
 *   not yet joined (or abandoned) when expires_at passes → expired;   any open run → cancelled (API)
 */
export const RUN_STATUSES = [
  'scheduled',
  'awaiting_participant',
  'invited',
  'awaiting_consent',
  'active',
  'processing',
  'completed',
  'abandoned',
  'failed',
  'expired',
  'cancelled',
] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Not ended: a participant may (re)join, the run can be cancelled or finalized. */
export const OPEN_STATUSES = [
  'scheduled',
  'awaiting_participant',
  'invited',
  'awaiting_consent',
  'active',
  'abandoned',
] as const satisfies readonly RunStatus[];
/** Nobody has joined yet (or the participant left it idle): `expires_at` ends these. */
export const EXPIRABLE_STATUSES = [
  'scheduled',
  'awaiting_participant',
  'invited',
  'abandoned',
] as const satisfies readonly RunStatus[];
/** A participant is (or was, until they went idle) in the conversation. */
export const IN_SESSION_STATUSES = [
  'awaiting_consent',
  'active',
  'abandoned',
] as const satisfies readonly RunStatus[];
/** Watched for inactivity by the sweeper. */
export const IDLE_WATCHED_STATUSES = ['awaiting_consent', 'active'] as const satisfies readonly RunStatus[];
/** Ended for good. */
export const TERMINAL_STATUSES = [
  'completed',
  'failed',
  'expired',
  'cancelled',
] as const satisfies readonly RunStatus[];
/** Finalize has nothing left to do. */
export const FINISHED_STATUSES = ['processing', ...TERMINAL_STATUSES] as const satisfies readonly RunStatus[];

export function isStatusIn<S extends RunStatus>(status: string, set: readonly S[]): status is S {
  return (set as readonly string[]).includes(status);
}
