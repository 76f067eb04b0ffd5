import type { LiveEvent } from '../api/internal.js';
import type { StoreDeps } from '../deps.js';
import type { NewLiveEvent } from '../repos/events.js';

/** Stores live events (numbered) and fans them out to subscribers on every instance. */
export async function emit(deps: StoreDeps, runId: string, events: NewLiveEvent[]): Promise<LiveEvent[]> {
  const stored = await deps.repos.events.append(runId, events, new Date(deps.clock.now()));
  for (const e of stored) {
    await deps.bus.publish(runId, e).catch((err: unknown) => {
      deps.logger.warn({ err: String(err), run_id: runId, seq: e.seq }, 'event bus publish failed');
    });
  }
  return stored;
}
