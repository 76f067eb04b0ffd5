import { z } from 'zod';
import { nextAttemptAt, type BackoffOptions, type RandomSource } from './backoff.js';
import { createDeliver, DEFAULT_TIMEOUT_MS, type DeliverFn } from './deliver.js';
import { signatureHeaders } from './signing.js';
import { isSealed } from './header-seal.js';
import type { DeliveryResult, OutboxStore, WebhookAttempt, WebhookDelivery } from './types.js';

/**
 * Delivers the outbox: claims due deliveries (leased, so several store instances share the work and a
 * crashed instance's claims come back), signs and sends each, records every attempt, and schedules the
 * retry or the end. 2xx → delivered; 410 → dead and the endpoint disabled; anything else → retry with
 * backoff until the schedule runs out, then dead. Time and timers are injected (`clock`).
 */

export interface TimerHandle {
  readonly _timer?: unknown;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    // interop: the handle is opaque to the dispatcher (fake clocks hand out their own); Node's goes in and out
    return t as unknown as TimerHandle;
  },
  clearTimeout: (h) => clearTimeout(h as unknown as NodeJS.Timeout),
};

/** pino-compatible subset. Never pass payloads or URLs with query strings: they may carry PII or tokens. */
export interface WebhookLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silentLogger: WebhookLogger = { debug() {}, info() {}, warn() {}, error() {} };

export const dispatcherSettingsSchema = z.object({
  pollIntervalMs: z.number().int().positive().default(1_000),
  concurrency: z.number().int().positive().max(1_000).default(8),
  /** How long a claim holds before another instance may take the delivery over. Must exceed the timeout. */
  leaseMs: z.number().int().positive().optional(),
  allowPrivate: z.boolean().default(false),
  timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  userAgent: z.string().default('Parley-Webhooks/1.0'),
});
export type DispatcherSettings = z.input<typeof dispatcherSettingsSchema>;

export interface DispatcherOptions extends DispatcherSettings {
  outbox: OutboxStore;
  /** One HTTP attempt; default `createDeliver({ allowPrivate, timeoutMs })`. */
  deliver?: DeliverFn;
  clock?: Clock;
  /** Floats in [0, 1) for backoff jitter; default Math.random. */
  random?: RandomSource;
  logger?: WebhookLogger;
  backoff?: BackoffOptions;
  /** Opens sealed custom header values (header-seal.ts); without it sealed values are left out. */
  openHeader?: OpenHeader;
}

/** A custom header value as sent: plain values as they are, sealed ones opened (null: unreadable). */
export type OpenHeader = (value: string) => string | null;
const plainOnly: OpenHeader = (v) => (isSealed(v) ? null : v);

/** Header names a delivery's custom headers may not set (signing, framing, hop-by-hop). */
const RESERVED_HEADERS = new Set([
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'host',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

/** The request headers of one attempt: custom headers (minus reserved ones), content type, signature. */
export function buildRequestHeaders(
  delivery: Pick<WebhookDelivery, 'headers' | 'message_id' | 'secret'>,
  body: string,
  nowMs: number,
  userAgent = 'Parley-Webhooks/1.0',
  open: OpenHeader = plainOnly,
): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': userAgent };
  for (const [name, sealed] of Object.entries(delivery.headers)) {
    const lower = name.toLowerCase();
    const value = open(sealed);
    if (value === null) continue;
    if (RESERVED_HEADERS.has(lower) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value))
      continue;
    headers[lower] = value;
  }
  headers['content-type'] = 'application/json';
  Object.assign(headers, signatureHeaders(delivery.secret, delivery.message_id, nowMs, body));
  return headers;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'dead' | 'gone';

export class WebhookDispatcher {
  private readonly outbox: OutboxStore;
  private readonly deliverFn: DeliverFn;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly logger: WebhookLogger;
  private readonly backoff: BackoffOptions;
  private readonly openHeader: OpenHeader;
  private readonly settings: z.output<typeof dispatcherSettingsSchema> & { leaseMs: number };

  private running = false;
  private timer: TimerHandle | null = null;
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: DispatcherOptions) {
    const s = dispatcherSettingsSchema.parse({
      pollIntervalMs: options.pollIntervalMs,
      concurrency: options.concurrency,
      leaseMs: options.leaseMs,
      allowPrivate: options.allowPrivate,
      timeoutMs: options.timeoutMs,
      userAgent: options.userAgent,
    });
    this.settings = { ...s, leaseMs: s.leaseMs ?? s.timeoutMs * 2 + 30_000 };
    this.outbox = options.outbox;
    this.deliverFn =
      options.deliver ?? createDeliver({ allowPrivate: s.allowPrivate, timeoutMs: s.timeoutMs });
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.openHeader = options.openHeader ?? plainOnly;
    this.logger = options.logger ?? silentLogger;
    this.backoff = options.backoff ?? {};
  }

  /** Start polling (first poll at once). Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.kick();
  }

  /** Stop polling and wait for in-flight deliveries to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.pollAgain = false;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.idle();
  }

  /** Poll now (call after enqueue). No effect when stopped. */
  kick(): void {
    if (!this.running) return;
    void this.poll();
  }

  /** Resolves when no poll and no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.polling || this.inFlight.size > 0) {
      await Promise.allSettled([...(this.polling ? [this.polling] : []), ...this.inFlight]);
    }
  }

  /** Number of deliveries being attempted right now. */
  get active(): number {
    return this.inFlight.size;
  }

  /** One claim-and-deliver pass without starting the loop; resolves when those deliveries are done. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    await Promise.allSettled(claimed.map((d) => this.track(d)));
    return claimed.length;
  }

  private poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return this.polling;
    }
    if (this.timer) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    this.polling = (async () => {
      do {
        this.pollAgain = false;
        try {
          const claimed = await this.claim();
          for (const d of claimed) void this.track(d);
        } catch (err) {
          this.logger.error({ err: errorText(err) }, 'webhook outbox claim failed');
        }
      } while (this.pollAgain && this.running);
    })().finally(() => {
      this.polling = null;
      if (this.running && !this.timer) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = null;
          this.kick();
        }, this.settings.pollIntervalMs);
      }
    });
    return this.polling;
  }

  private async claim(): Promise<WebhookDelivery[]> {
    const free = this.settings.concurrency - this.inFlight.size;
    if (free <= 0) return [];
    return this.outbox.claimDue(this.clock.now(), free, this.settings.leaseMs);
  }

  private track(delivery: WebhookDelivery): Promise<void> {
    const p: Promise<void> = this.attempt(delivery)
      .then(() => undefined)
      .catch((err: unknown) => {
        this.logger.error(
          { delivery_id: delivery.id, err: errorText(err) },
          'webhook attempt bookkeeping failed',
        );
      })
      .finally(() => {
        this.inFlight.delete(p);
        // A slot is free: more may be due.
        this.kick();
      });
    this.inFlight.add(p);
    return p;
  }

  private requestHeaders(delivery: WebhookDelivery, body: string, at: number): Record<string, string> {
    let unreadable = 0;
    const open: OpenHeader = (v) => {
      const plain = this.openHeader(v);
      if (plain === null) unreadable += 1;
      return plain;
    };
    const headers = buildRequestHeaders(delivery, body, at, this.settings.userAgent, open);
    if (unreadable > 0)
      this.logger.warn(
        { delivery_id: delivery.id, headers_left_out: unreadable },
        'webhook custom headers could not be opened (sealed with another key) and are left out',
      );
    return headers;
  }

  /** Make one attempt of `delivery` and record its outcome. */
  async attempt(delivery: WebhookDelivery): Promise<AttemptOutcome> {
    const attemptNo = delivery.attempt + 1;
    const at = this.clock.now();
    const body = JSON.stringify(delivery.payload);
    let result: DeliveryResult;
    try {
      result = await this.deliverFn({
        url: delivery.url,
        method: delivery.method,
        headers: this.requestHeaders(delivery, body, at),
        body,
      });
    } catch (err) {
      result = { status_code: null, duration_ms: 0, error: errorText(err) };
    }
    const attempt: WebhookAttempt = {
      delivery_id: delivery.id,
      attempt: attemptNo,
      status_code: result.status_code,
      duration_ms: result.duration_ms,
      error: result.error,
      at,
    };
    await this.outbox.recordAttempt(attempt);
    const code = result.status_code;
    const log = {
      delivery_id: delivery.id,
      event_type: delivery.event_type,
      attempt: attemptNo,
      status_code: code,
    };
    const done = this.clock.now();

    if (code !== null && code >= 200 && code < 300) {
      await this.outbox.markDelivered(delivery.id, code, done);
      this.logger.debug(log, 'webhook delivered');
      return 'delivered';
    }
    if (code === 410) {
      await this.outbox.markDead(delivery.id, code, result.error ?? 'HTTP 410');
      if (delivery.endpoint_id !== null) await this.outbox.disableEndpoint(delivery.endpoint_id);
      this.logger.warn(
        { ...log, endpoint_id: delivery.endpoint_id },
        'webhook endpoint gone (410): disabled',
      );
      return 'gone';
    }
    const error = result.error ?? `HTTP ${code}`;
    const next = nextAttemptAt(done, attemptNo, this.random, this.backoff);
    if (next === null) {
      await this.outbox.markDead(delivery.id, code, error);
      this.logger.warn({ ...log, error }, 'webhook delivery dead after last attempt');
      return 'dead';
    }
    await this.outbox.markRetry(delivery.id, next, code, error);
    this.logger.info({ ...log, error, next_attempt_at: next }, 'webhook attempt failed; will retry');
    return 'retry';
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
