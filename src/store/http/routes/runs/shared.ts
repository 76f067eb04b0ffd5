import type { StoreDeps } from '../../../deps.js';
import type { RunRow } from '../../../repos/runs.js';
import { runDtos } from '../../../services/runs.js';

/** What every run route shares: the tag, the clock, one run as its DTO. */
export const RUNS_TAG = 'Interview runs';

export function runHelpers(deps: StoreDeps) {
  return {
    tag: RUNS_TAG,
    now: () => new Date(deps.clock.now()),
    one: async (row: RunRow) => (await runDtos(deps, [row], new Set()))[0]!,
  };
}
