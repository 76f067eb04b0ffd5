import type { LiveEvent } from '../api/internal.js';
import type { EventBus } from './types.js';

/** Subscribers in this process only (PGlite, tests). */
export class MemoryEventBus implements EventBus {
  private readonly subs = new Map<string, Set<(e: LiveEvent) => void>>();

  publish(runId: string, event: LiveEvent): Promise<void> {
    this.deliver(runId, event);
    return Promise.resolve();
  }

  /** Also used by the PostgreSQL bus to hand notifications to local subscribers. */
  deliver(runId: string, event: LiveEvent): void {
    for (const fn of this.subs.get(runId) ?? []) {
      try {
        fn(event);
      } catch {
        // a failing subscriber must not affect others
      }
    }
  }

  subscribe(runId: string, fn: (e: LiveEvent) => void): () => void {
    let set = this.subs.get(runId);
    if (!set) this.subs.set(runId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.subs.delete(runId);
    };
  }

  subscriberCount(runId: string): number {
    return this.subs.get(runId)?.size ?? 0;
  }

  close(): Promise<void> {
    this.subs.clear();
    return Promise.resolve();
  }
}
