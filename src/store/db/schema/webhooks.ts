import { bigint, boolean, index, integer, jsonb, pgTable, real, serial, text } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../../webhooks/types.js';
import { owned, stamps, ts } from './columns.js';

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    ...owned(),
    url: text('url').notNull(),
    description: text('description'),
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull(),
    disabledReason: text('disabled_reason'),
    deletedAt: ts('deleted_at'),
    ...stamps(),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.organizationId, t.testMode)],
);

/** The outbox: one row per (target, event); `message_id` is the stable `webhook-id`. Times in epoch ms. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    ...owned(),
    endpointId: text('endpoint_id'),
    runId: text('run_id'),
    eventType: text('event_type').notNull(),
    messageId: text('message_id').notNull(),
    url: text('url').notNull(),
    method: text('method').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    payload: jsonb('payload').$type<JsonValue>().notNull(),
    secret: text('secret').notNull(),
    attempt: integer('attempt').notNull().default(0),
    status: text('status').notNull(),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAtMs: bigint('created_at_ms', { mode: 'number' }).notNull(),
    ...stamps(),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_org_idx').on(t.organizationId, t.testMode, t.createdAtMs),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: serial('id').primaryKey(),
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    durationMs: real('duration_ms').notNull(),
    error: text('error'),
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);
