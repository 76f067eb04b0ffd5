import { EventEmitter } from 'node:events';
import { errorCode, type HttpOutcome, type InternalHttp } from './http.js';
import type { OutboxJournal } from './journal.js';
import type { OutboxItem, PendingEntry } from './types.js';

/**
 * The delivering half of the durable outbox. One entry at a time, head of the queue first, so the store
 * sees turns and events in the order they happened:
 *
 *   2xx                      ack, next entry
 *   unreachable / 5xx / 429  keep the entry, retry after a backoff (exponential with jitter, capped;
 *                            `Retry-After` honoured), new entries queue behind it on disk
 *   409                      the store holds a different body for this turn number: poison
 *   other 4xx                poison
 * Poison entries go to the dead-letter file and leave the queue (logged, never retried), so one bad
 * message never blocks the interview's stream. A turn redelivered after a lost response is answered 200
 * by the store (idempotent on turn_number); events carry a client id and sequence for the same purpose.
 */

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Floats in [0, 1) for jitter. */
  random(): number;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  random: () => Math.random(),
};

export interface BackoffPolicy {
  /** First retry delay, ms. */
  baseMs: number;
  /** Cap, ms. */
  maxMs: number;
  /** ±fraction of jitter. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 15_000, jitter: 0.2 };

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(raw * factor));
}

/** pino-compatible subset. Messages never carry transcript text, names or secrets. */
export interface ClientLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: ClientLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface OutboxEvents {
  delivered: [{ seq: number; kind: OutboxItem['kind']; status: number; attempts: number }];
  retry: [
    {
      seq: number;
      kind: OutboxItem['kind'];
      attempt: number;
      delayMs: number;
      status: number | null;
      error: string;
    },
  ];
  dead: [{ seq: number; kind: OutboxItem['kind']; status: number | null; error: string }];
  idle: [];
}

export interface DrainResult {
  drained: boolean;
  pending: number;
}

export class Outbox extends EventEmitter<OutboxEvents> {
  private pumping = false;
  private retryHandle: unknown = null;
  private attempts = 0;
  private closed = false;
  private waiters = new Set<() => void>();
  readonly stats = { delivered: 0, retries: 0, dead: 0 };

  constructor(
    private readonly journal: OutboxJournal,
    private readonly http: InternalHttp,
    private readonly runId: string,
    private readonly timers: Timers = realTimers,
    private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly logger: ClientLogger = silentLogger,
  ) {
    super();
  }

  get pending(): number {
    return this.journal.size;
  }

  /** Durably queue items (one fsync'd write) and start delivering. */
  enqueue(items: readonly OutboxItem[]): PendingEntry[] {
    const entries = this.journal.put(items, this.timers.now());
    this.kick();
    return entries;
  }

  nextSeq(): number {
    return this.journal.peekNextSeq();
  }

  /** Start delivering unless a delivery is in flight or a retry is scheduled. */
  kick(): void {
    if (this.closed || this.pumping || this.retryHandle !== null) return;
    void this.pump();
  }

  /** Skip the current backoff wait (e.g. the caller knows the store is back). */
  retryNow(): void {
    if (this.retryHandle !== null) {
      this.timers.clearTimeout(this.retryHandle);
      this.retryHandle = null;
    }
    this.kick();
  }

  /** Wait until nothing is pending, at most `timeoutMs`. */
  drain(timeoutMs: number): Promise<DrainResult> {
    if (this.journal.size === 0) return Promise.resolve({ drained: true, pending: 0 });
    this.kick();
    return new Promise((resolve) => {
      let handle: unknown = null;
      const done = (): void => {
        if (handle !== null) this.timers.clearTimeout(handle);
        this.waiters.delete(done);
        resolve({ drained: this.journal.size === 0, pending: this.journal.size });
      };
      this.waiters.add(done);
      handle = this.timers.setTimeout(done, timeoutMs);
    });
  }

  close(): void {
    this.closed = true;
    if (this.retryHandle !== null) this.timers.clearTimeout(this.retryHandle);
    this.retryHandle = null;
    for (const w of [...this.waiters]) w();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (;;) {
        if (this.closed) return;
        const entry = this.journal.head();
        if (entry === undefined) {
          this.attempts = 0;
          this.emit('idle');
          for (const w of [...this.waiters]) w();
          return;
        }
        this.attempts += 1;
        const outcome = await this.deliver(entry);
        if (this.closed) return;
        const now = this.timers.now();
        switch (outcome.kind) {
          case 'ok':
            this.journal.ack(entry.seq, now);
            this.stats.delivered += 1;
            this.emit('delivered', {
              seq: entry.seq,
              kind: entry.item.kind,
              status: outcome.status,
              attempts: this.attempts,
            });
            this.attempts = 0;
            break;
          case 'retry': {
            const delay = Math.max(
              backoffDelay(this.attempts, this.backoff, this.timers.random),
              outcome.retryAfterMs ?? 0,
            );
            this.stats.retries += 1;
            this.logger.warn(
              {
                seq: entry.seq,
                kind: entry.item.kind,
                status: outcome.status,
                error: outcome.error,
                attempt: this.attempts,
                delay_ms: delay,
              },
              'store unavailable; will retry',
            );
            this.emit('retry', {
              seq: entry.seq,
              kind: entry.item.kind,
              attempt: this.attempts,
              delayMs: delay,
              status: outcome.status,
              error: outcome.error,
            });
            this.retryHandle = this.timers.setTimeout(() => {
              this.retryHandle = null;
              this.kick();
            }, delay);
            return;
          }
          case 'conflict':
          case 'rejected': {
            const code =
              errorCode(outcome.body) ??
              (outcome.kind === 'conflict' ? 'CONFLICT' : `HTTP ${outcome.status}`);
            this.journal.dead(entry, outcome.status, code, now);
            this.stats.dead += 1;
            this.logger.error(
              {
                seq: entry.seq,
                kind: entry.item.kind,
                status: outcome.status,
                error: code,
              },
              'store rejected an outbox entry; moved to the dead-letter file',
            );
            this.emit('dead', { seq: entry.seq, kind: entry.item.kind, status: outcome.status, error: code });
            this.attempts = 0;
            break;
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private deliver(entry: PendingEntry): Promise<HttpOutcome> {
    const item = entry.item;
    switch (item.kind) {
      case 'turn':
        return this.http.send('POST', this.http.runPath(this.runId, '/turns'), item.body);
      case 'turn_patch':
        return this.http.send(
          'PATCH',
          this.http.runPath(this.runId, `/turns/${item.turn_number}`),
          item.body,
        );
      case 'events':
        return this.http.send(
          'POST',
          this.http.runPath(this.runId, '/events'),
          item.events.length === 1 ? item.events[0] : { events: item.events },
        );
      case 'finalize':
        return this.http.send('POST', this.http.runPath(this.runId, '/finalize'), item.body);
    }
  }
}
