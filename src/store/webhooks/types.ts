import { z as zo } from '@hono/zod-openapi';
import { z } from 'zod';

/**
 * Webhook outbox shapes. The dispatcher (dispatcher.ts) is storage-agnostic: the store implements
 * `OutboxStore` over its database (an outbox table claimed with `FOR UPDATE SKIP LOCKED`), tests use an
 * in-memory one. Times are epoch milliseconds unless a name says otherwise.
 */

export const webhookEventTypeSchema = z.enum([
  'interview_run.completed',
  'interview_run.failed',
  'interview_run.cancelled',
  'interview_run.expired',
  'interview_run.abandoned',
  'interview_run.status_changed',
  'analysis.completed',
  'analysis.failed',
]);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;
export const WEBHOOK_EVENT_TYPES = webhookEventTypeSchema.options;

export const webhookMethodSchema = z.enum(['POST', 'PUT']);
export type WebhookMethod = z.infer<typeof webhookMethodSchema>;

/**
 * pending: waiting for its first attempt; delivering: claimed (leased) by a dispatcher; failed: the last
 * attempt failed and a retry is scheduled at next_attempt_at; delivered: a 2xx was received; dead: no more
 * attempts (schedule exhausted, or 410 Gone).
 */
export const webhookDeliveryStatusSchema = z.enum(['pending', 'delivering', 'delivered', 'failed', 'dead']);
export type WebhookDeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;

/** `whsec_` followed by base64 of the key bytes (Standard Webhooks). */
export const webhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'expected whsec_<base64>');

/** Stable across retries of one delivery: it is the `webhook-id` header. */
export const webhookMessageIdSchema = z.string().regex(/^msg_[A-Za-z0-9_-]+$/, 'expected msg_<id>');

/** Custom headers (per-run notifications' `attributes.headers`). */
export const webhookHeadersSchema = z.record(z.string(), z.string());

/** Any JSON value; a named (`JsonValue`) recursive schema so the OpenAPI document can describe it. */
export const jsonValueSchema: z.ZodType<JsonValue> = zo
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonValueSchema),
      z.record(z.string(), jsonValueSchema),
    ]),
  )
  .openapi('JsonValue');
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const webhookDeliverySchema = z.object({
  id: z.string().min(1),
  organization_id: z.string().min(1),
  /** Account-level endpoint this delivery belongs to; null for per-run notifications. */
  endpoint_id: z.string().nullable(),
  run_id: z.string().nullable(),
  event_type: webhookEventTypeSchema,
  message_id: webhookMessageIdSchema,
  url: z.string().min(1),
  method: webhookMethodSchema,
  headers: webhookHeadersSchema,
  payload: jsonValueSchema,
  secret: webhookSecretSchema,
  /** Number of attempts made so far (0 before the first). */
  attempt: z.number().int().nonnegative(),
  status: webhookDeliveryStatusSchema,
  /** When the next attempt is due (ms); for `delivering` rows, when the lease expires. */
  next_attempt_at: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: z.number().int(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

/** What callers pass to `OutboxStore.enqueue`; the store fills id, attempt=0, status='pending', etc. */
export const newDeliverySchema = webhookDeliverySchema
  .pick({
    organization_id: true,
    endpoint_id: true,
    run_id: true,
    event_type: true,
    message_id: true,
    url: true,
    method: true,
    headers: true,
    payload: true,
    secret: true,
  })
  .extend({
    /** Defaults to now (deliver immediately). */
    next_attempt_at: z.number().int().optional(),
    created_at: z.number().int().optional(),
  });
export type NewDelivery = z.infer<typeof newDeliverySchema>;

export const webhookAttemptSchema = z.object({
  delivery_id: z.string().min(1),
  /** 1-based number of this attempt (delivery.attempt + 1 at the time it was made). */
  attempt: z.number().int().positive(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().nonnegative(),
  error: z.string().nullable(),
  /** When the attempt started (ms). */
  at: z.number().int(),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

/** Result of one HTTP attempt (deliver.ts). `status_code` is null when no response was received. */
export const deliveryResultSchema = z.object({
  status_code: z.number().int().nullable(),
  duration_ms: z.number().nonnegative(),
  error: z.string().nullable(),
});
export type DeliveryResult = z.infer<typeof deliveryResultSchema>;

/**
 * Persistence for the outbox. Every method must be safe with several store instances on one database.
 * Each `mark*` also increments `attempt` by one (the attempt that just finished) and stores
 * `last_status_code` / `last_error`.
 */
export interface OutboxStore {
  /** Insert a pending delivery (attempt 0, status 'pending', next_attempt_at defaults to now). */
  enqueue(d: NewDelivery): Promise<WebhookDelivery>;
  /**
   * Atomically claim up to `limit` deliveries that are due: status 'pending' or 'failed' with
   * next_attempt_at <= now, or status 'delivering' whose lease expired (next_attempt_at <= now, the claimer crashed). Claimed rows
   * become status 'delivering' with next_attempt_at = now + leaseMs and are returned (oldest due first).
   * Two store instances never claim the same row (`FOR UPDATE SKIP LOCKED`).
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]>;
  /** Append to the delivery log (GET /v1/webhook-deliveries shows every attempt). */
  recordAttempt(a: WebhookAttempt): Promise<void>;
  /** status 'delivered', attempt += 1, last_status_code = statusCode, last_error = null. */
  markDelivered(id: string, statusCode: number, now: number): Promise<void>;
  /** status 'failed' (retry scheduled), attempt += 1, next_attempt_at = nextAttemptAt. */
  markRetry(
    id: string,
    nextAttemptAt: number,
    statusCode: number | null,
    error: string | null,
  ): Promise<void>;
  /** status 'dead' (no more retries), attempt += 1. */
  markDead(id: string, statusCode: number | null, error: string | null): Promise<void>;
  /** Set the account endpoint's `enabled` to false (after a 410 Gone). */
  disableEndpoint(endpointId: string): Promise<void>;
}
