import type { LiveEvent } from '../api/internal.js';

/** Fans out live events of runs to SSE subscribers (of this store instance, or of every instance). */
export interface EventBus {
  publish(runId: string, event: LiveEvent): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(runId: string, fn: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}
