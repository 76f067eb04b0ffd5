import type { LiveEvent } from '../api/internal.js';
import type { EventBus } from './types.js';

/** Subscribers in this process only (PGlite, tests). */
export class MemoryEventBus implements EventBus {
  private readonly subs = new Map<string, Set<(e: LiveEvent) => void>>();
  private pending: { runId: string; event: LiveEvent }[] = [];
  private scheduled = false;

  /**
   * Delivery is deferred to after the current I/O callbacks (`setImmediate`), so the publisher (a POST)
   * answers before the fan-out runs; one FIFO queue keeps every run's events in publish order.
   */
  publish(runId: string, event: LiveEvent): Promise<void> {
    this.pending.push({ runId, event });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return Promise.resolve();
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const { runId, event } of batch) this.deliver(runId, event);
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
    this.pending = [];
    this.subs.clear();
    return Promise.resolve();
  }
}
