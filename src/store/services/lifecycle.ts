import { EXPIRABLE_STATUSES, IDLE_WATCHED_STATUSES, type RunStatus } from '../api/run-status.js';
import type { StoreDeps } from '../deps.js';
import type { RunRow } from '../repos/runs.js';
import type { Tenant } from '../repos/scope.js';
import { emit } from './live.js';

/**
 * Time-driven status changes. Each is a guarded update (only from the statuses it starts from), so several
 * store instances sweeping at once change a run once; the live `status` event it records also sends the
 * webhooks (services/live.ts).
 */
async function moveTo(
  deps: StoreDeps,
  run: RunRow,
  status: RunStatus,
  from: readonly RunStatus[],
): Promise<boolean> {
  const now = new Date(deps.clock.now());
  const row = await deps.repos.runs.update(run.id, { status, updatedAt: now }, from);
  if (!row) return false;
  await emit(deps, run.id, [{ type: 'status', data: { status, previous_status: run.status } }]);
  return true;
}

/** Runs nobody is in whose `expires_at` has passed → `expired` (one tenant's, or all when `t` is null). */
export async function expireRuns(deps: StoreDeps, t: Tenant | null): Promise<number> {
  let n = 0;
  for (const run of await deps.repos.runs.expiring(t, new Date(deps.clock.now()))) {
    if (await moveTo(deps, run, 'expired', EXPIRABLE_STATUSES)) n += 1;
  }
  return n;
}

/** Runs in a conversation with no activity for `abandonAfterMs` → `abandoned` (resumable until they expire). */
export async function abandonIdleRuns(deps: StoreDeps, t: Tenant | null = null): Promise<number> {
  let n = 0;
  const before = new Date(deps.clock.now() - deps.config.abandonAfterMs);
  for (const run of await deps.repos.runs.idleSince(before, t)) {
    if (await moveTo(deps, run, 'abandoned', IDLE_WATCHED_STATUSES)) n += 1;
  }
  return n;
}

/** One pass of the sweeper (start.ts runs it every PARLEY_SWEEP_INTERVAL_S over every tenant). */
export async function sweepRuns(
  deps: StoreDeps,
  t: Tenant | null = null,
): Promise<{ expired: number; abandoned: number }> {
  const abandoned = await abandonIdleRuns(deps, t);
  const expired = await expireRuns(deps, t);
  return { expired, abandoned };
}
