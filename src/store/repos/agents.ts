import { count, and, asc, eq, isNull } from 'drizzle-orm';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { agents, agentVersions, type AgentConfig } from '../db/schema/index.js';
import type { Ids } from '../ids.js';
import { allOf, paginate, type Page, type PageQuery } from './pagination.js';
import { tenantWhere, type Tenant } from './scope.js';

export type AgentRow = typeof agents.$inferSelect;
export type AgentVersionRow = typeof agentVersions.$inferSelect;

export class AgentsRepo {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  async create(t: Tenant, name: string, config: AgentConfig, now: Date): Promise<AgentRow> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(agents)
        .values({ id: this.ids.id('agt'), ...t, name, version: 1, config, createdAt: now, updatedAt: now })
        .returning();
      await tx.insert(agentVersions).values({ agentId: row!.id, version: 1, name, config, createdAt: now });
      return row!;
    });
  }

  async find(t: Tenant, id: string): Promise<AgentRow | null> {
    const [row] = await this.db
      .select()
      .from(agents)
      .where(and(tenantWhere(agents, t), eq(agents.id, id), isNull(agents.deletedAt)));
    return row ?? null;
  }

  async get(t: Tenant, id: string): Promise<AgentRow> {
    const row = await this.find(t, id);
    if (!row) throw new ParleyError('NOT_FOUND', `no agent ${id}`);
    return row;
  }

  /** Any agent by id, deleted or not (runs keep pointing at the agent they were created with). */
  async byId(id: string): Promise<AgentRow | null> {
    const [row] = await this.db.select().from(agents).where(eq(agents.id, id));
    return row ?? null;
  }

  async findDefault(t: Tenant): Promise<AgentRow | null> {
    const [row] = await this.db
      .select()
      .from(agents)
      .where(and(tenantWhere(agents, t), eq(agents.isDefault, true), isNull(agents.deletedAt)));
    return row ?? null;
  }

  async list(t: Tenant, q: PageQuery): Promise<Page<AgentRow>> {
    const scope = and(tenantWhere(agents, t), isNull(agents.deletedAt));
    return paginate(
      q,
      agents,
      (id) => this.find(t, id),
      (where, orderBy, limit, offset = 0) =>
        this.db
          .select()
          .from(agents)
          .where(allOf(scope, where))
          .orderBy(...orderBy)
          .limit(limit)
          .offset(offset),
      async () => (await this.db.select({ n: count() }).from(agents).where(scope))[0]?.n ?? 0,
    );
  }

  /** Applies a change as a new version. */
  async update(
    t: Tenant,
    id: string,
    name: string | undefined,
    patch: AgentConfig,
    now: Date,
  ): Promise<AgentRow> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(agents)
        .where(and(tenantWhere(agents, t), eq(agents.id, id), isNull(agents.deletedAt)))
        .for('update');
      if (!current) throw new ParleyError('NOT_FOUND', `no agent ${id}`);
      const config = { ...current.config, ...patch };
      const version = current.version + 1;
      const newName = name ?? current.name;
      const [row] = await tx
        .update(agents)
        .set({ name: newName, config, version, updatedAt: now })
        .where(eq(agents.id, id))
        .returning();
      await tx.insert(agentVersions).values({ agentId: id, version, name: newName, config, createdAt: now });
      return row!;
    });
  }

  async softDelete(t: Tenant, id: string, now: Date): Promise<AgentRow> {
    const [row] = await this.db
      .update(agents)
      .set({ deletedAt: now, isDefault: false, updatedAt: now })
      .where(and(tenantWhere(agents, t), eq(agents.id, id), isNull(agents.deletedAt)))
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no agent ${id}`);
    return row;
  }

  /** Makes the agent the default of its organisation and mode (used by runs without `agent_id`). */
  async activate(t: Tenant, id: string, now: Date): Promise<AgentRow> {
    return this.db.transaction(async (tx) => {
      const [target] = await tx
        .select()
        .from(agents)
        .where(and(tenantWhere(agents, t), eq(agents.id, id), isNull(agents.deletedAt)))
        .for('update');
      if (!target) throw new ParleyError('NOT_FOUND', `no agent ${id}`);
      await tx
        .update(agents)
        .set({ isDefault: false })
        .where(and(tenantWhere(agents, t), eq(agents.isDefault, true)));
      const [row] = await tx
        .update(agents)
        .set({ isDefault: true, updatedAt: now })
        .where(eq(agents.id, id))
        .returning();
      return row!;
    });
  }

  async versions(t: Tenant, id: string): Promise<AgentVersionRow[]> {
    await this.get(t, id);
    return this.db
      .select()
      .from(agentVersions)
      .where(eq(agentVersions.agentId, id))
      .orderBy(asc(agentVersions.version));
  }
}
