import { count, and, eq, isNull } from 'drizzle-orm';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { webhookEndpoints } from '../db/schema/index.js';
import type { Ids } from '../ids.js';
import { allOf, paginate, type Page, type PageQuery } from './pagination.js';
import { tenantWhere, type Tenant } from './scope.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

export class WebhookEndpointsRepo {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  async create(
    t: Tenant,
    v: { url: string; description: string | null; eventTypes: string[]; secret: string; enabled: boolean },
    now: Date,
  ): Promise<EndpointRow> {
    const [row] = await this.db
      .insert(webhookEndpoints)
      .values({ id: this.ids.id('we'), ...t, ...v, createdAt: now, updatedAt: now })
      .returning();
    return row!;
  }

  async find(t: Tenant, id: string): Promise<EndpointRow | null> {
    const [row] = await this.db
      .select()
      .from(webhookEndpoints)
      .where(
        and(
          tenantWhere(webhookEndpoints, t),
          eq(webhookEndpoints.id, id),
          isNull(webhookEndpoints.deletedAt),
        ),
      );
    return row ?? null;
  }

  async get(t: Tenant, id: string): Promise<EndpointRow> {
    const row = await this.find(t, id);
    if (!row) throw new ParleyError('NOT_FOUND', `no webhook endpoint ${id}`);
    return row;
  }

  async list(t: Tenant, q: PageQuery): Promise<Page<EndpointRow>> {
    const scope = and(tenantWhere(webhookEndpoints, t), isNull(webhookEndpoints.deletedAt));
    return paginate(
      q,
      webhookEndpoints,
      (id) => this.find(t, id),
      (where, orderBy, limit, offset = 0) =>
        this.db
          .select()
          .from(webhookEndpoints)
          .where(allOf(scope, where))
          .orderBy(...orderBy)
          .limit(limit)
          .offset(offset),
      async () => (await this.db.select({ n: count() }).from(webhookEndpoints).where(scope))[0]?.n ?? 0,
    );
  }

  /** Enabled endpoints of the organisation and mode subscribed to `eventType` (empty list = all events). */
  async subscribed(t: Tenant, eventType: string): Promise<EndpointRow[]> {
    const rows = await this.db
      .select()
      .from(webhookEndpoints)
      .where(
        and(
          tenantWhere(webhookEndpoints, t),
          eq(webhookEndpoints.enabled, true),
          isNull(webhookEndpoints.deletedAt),
        ),
      );
    return rows.filter((r) => r.eventTypes.length === 0 || r.eventTypes.includes(eventType));
  }

  async update(t: Tenant, id: string, set: Partial<EndpointRow>, now: Date): Promise<EndpointRow> {
    const [row] = await this.db
      .update(webhookEndpoints)
      .set({ ...set, updatedAt: now })
      .where(
        and(
          tenantWhere(webhookEndpoints, t),
          eq(webhookEndpoints.id, id),
          isNull(webhookEndpoints.deletedAt),
        ),
      )
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no webhook endpoint ${id}`);
    return row;
  }

  async remove(t: Tenant, id: string, now: Date): Promise<EndpointRow> {
    return this.update(t, id, { deletedAt: now, enabled: false }, now);
  }
}
