import type { LiveEvent } from '../api/internal.js';
import type { StoreDeps } from '../deps.js';
import { z } from 'zod';
import type { NewLiveEvent } from '../repos/events.js';
import { statusChangeWebhooks } from './webhook-events.js';

const statusChangeSchema = z.object({
  status: z.string(),
  previous_status: z.string().nullable().default(null),
});

/** Stores live events (numbered) and fans them out to subscribers on every instance. */
export async function emit(deps: StoreDeps, runId: string, events: NewLiveEvent[]): Promise<LiveEvent[]> {
  const stored = await deps.repos.events.append(runId, events, new Date(deps.clock.now()));
  await publish(deps, runId, stored);
  // every recorded status change also goes out as webhooks (status_changed, and cancelled/expired/abandoned)
  for (const e of stored) {
    if (e.type !== 'status') continue;
    const change = statusChangeSchema.safeParse(e.data);
    if (change.success) await statusChangeWebhooks(deps, runId, change.data);
  }
  return stored;
}

/** Fans out events already stored (in seq order). */
export async function publish(deps: StoreDeps, runId: string, stored: LiveEvent[]): Promise<void> {
  for (const e of stored) {
    await deps.bus.publish(runId, e).catch((err: unknown) => {
      deps.logger.warn({ err: String(err), run_id: runId, seq: e.seq }, 'event bus publish failed');
    });
  }
}
