import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './database.js';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './schema/index.js';
import type { Ids } from '../ids.js';
import type {
  NewDelivery,
  OutboxStore,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEventType,
  WebhookMethod,
} from '../webhooks/types.js';

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

export function toDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    organization_id: r.organizationId,
    endpoint_id: r.endpointId,
    run_id: r.runId,
    event_type: r.eventType as WebhookEventType,
    message_id: r.messageId,
    url: r.url,
    method: r.method as WebhookMethod,
    headers: r.headers,
    payload: r.payload,
    secret: r.secret,
    attempt: r.attempt,
    status: r.status as WebhookDeliveryStatus,
    next_attempt_at: r.nextAttemptAt,
    last_status_code: r.lastStatusCode,
    last_error: r.lastError,
    created_at: r.createdAtMs,
  };
}

/**
 * The webhook outbox over Drizzle. Claims use `FOR UPDATE SKIP LOCKED`, so several store instances on one
 * PostgreSQL never claim the same delivery (PGlite has one connection and accepts the same SQL).
 */
export class DrizzleOutboxStore implements OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
    /** Deliveries inherit the mode of their run/endpoint; enqueue callers pass it here. */
    private readonly testModeOf: (d: NewDelivery) => boolean = () => false,
  ) {}

  async enqueue(d: NewDelivery, testMode?: boolean): Promise<WebhookDelivery> {
    const now = d.created_at ?? Date.now();
    const [row] = await this.db
      .insert(webhookDeliveries)
      .values({
        id: this.ids.id('whd'),
        organizationId: d.organization_id,
        testMode: testMode ?? this.testModeOf(d),
        endpointId: d.endpoint_id,
        runId: d.run_id,
        eventType: d.event_type,
        messageId: d.message_id,
        url: d.url,
        method: d.method,
        headers: d.headers,
        payload: d.payload,
        secret: d.secret,
        attempt: 0,
        status: 'pending',
        nextAttemptAt: d.next_attempt_at ?? now,
        createdAtMs: now,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      })
      .returning();
    return toDelivery(row!);
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]> {
    return this.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(
          and(
            inArray(webhookDeliveries.status, ['pending', 'delivering']),
            sql`${webhookDeliveries.nextAttemptAt} <= ${now}`,
          ),
        )
        .orderBy(webhookDeliveries.nextAttemptAt, webhookDeliveries.id)
        .limit(limit)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      const rows = await tx
        .update(webhookDeliveries)
        .set({ status: 'delivering', nextAttemptAt: now + leaseMs, updatedAt: new Date(now) })
        .where(
          inArray(
            webhookDeliveries.id,
            due.map((d) => d.id),
          ),
        )
        .returning();
      return rows.map(toDelivery).sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
    });
  }

  async recordAttempt(a: WebhookAttempt): Promise<void> {
    await this.db.insert(webhookAttempts).values({
      deliveryId: a.delivery_id,
      attempt: a.attempt,
      statusCode: a.status_code,
      durationMs: a.duration_ms,
      error: a.error,
      at: a.at,
    });
  }

  async markDelivered(id: string, statusCode: number, now: number): Promise<void> {
    await this.finish(id, {
      status: 'delivered',
      lastStatusCode: statusCode,
      lastError: null,
      updatedAt: new Date(now),
    });
  }

  async markRetry(
    id: string,
    nextAttemptAt: number,
    statusCode: number | null,
    error: string | null,
  ): Promise<void> {
    await this.finish(id, { status: 'pending', nextAttemptAt, lastStatusCode: statusCode, lastError: error });
  }

  async markDead(id: string, statusCode: number | null, error: string | null): Promise<void> {
    await this.finish(id, { status: 'dead', lastStatusCode: statusCode, lastError: error });
  }

  async disableEndpoint(endpointId: string): Promise<void> {
    await this.db
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: 'gone (HTTP 410)', updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, endpointId));
  }

  private async finish(id: string, set: Partial<DeliveryRow>): Promise<void> {
    await this.db
      .update(webhookDeliveries)
      .set({ updatedAt: new Date(), ...set, attempt: sql`${webhookDeliveries.attempt} + 1` })
      .where(eq(webhookDeliveries.id, id));
  }

  // ---- customer-facing reads (GET /v1/webhook-deliveries) ----

  async list(
    t: { organizationId: string; testMode: boolean },
    q: { limit: number; endpoint_id?: string | undefined; run_id?: string | undefined },
  ): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] }[]> {
    const rows = await this.db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.organizationId, t.organizationId),
          eq(webhookDeliveries.testMode, t.testMode),
          q.endpoint_id ? eq(webhookDeliveries.endpointId, q.endpoint_id) : undefined,
          q.run_id ? eq(webhookDeliveries.runId, q.run_id) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAtMs), desc(webhookDeliveries.id))
      .limit(q.limit);
    const attempts =
      rows.length === 0
        ? []
        : await this.db
            .select()
            .from(webhookAttempts)
            .where(
              inArray(
                webhookAttempts.deliveryId,
                rows.map((r) => r.id),
              ),
            )
            .orderBy(webhookAttempts.attempt);
    return rows.map((delivery) => ({
      delivery,
      attempts: attempts.filter((a) => a.deliveryId === delivery.id),
    }));
  }

  /** Schedules the delivery again now (same message id, so receivers can de-duplicate). */
  async redeliver(
    t: { organizationId: string; testMode: boolean },
    id: string,
    now: number,
  ): Promise<DeliveryRow | null> {
    const [row] = await this.db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: now, updatedAt: new Date(now) })
      .where(
        and(
          eq(webhookDeliveries.id, id),
          eq(webhookDeliveries.organizationId, t.organizationId),
          eq(webhookDeliveries.testMode, t.testMode),
          sql`${webhookDeliveries.status} <> 'delivering'`,
        ),
      )
      .returning();
    return row ?? null;
  }
}
