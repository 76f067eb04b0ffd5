import { count, and, desc, eq, ne, or, sql } from 'drizzle-orm';
import type { Blueprint } from '../../blueprint/schema.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { blueprints, blueprintVersions, type BlueprintDefinition } from '../db/schema/index.js';
import type { Ids } from '../ids.js';
import { allOf, paginate, type Page, type PageQuery } from './pagination.js';
import { tenantWhere, type Tenant } from './scope.js';

export type BlueprintRow = typeof blueprints.$inferSelect;
export type BlueprintVersionRow = typeof blueprintVersions.$inferSelect;

export interface BlueprintWrite {
  definition: BlueprintDefinition;
  name: string;
  warnings: unknown[];
  agentId?: string | undefined;
}

export class BlueprintsRepo {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  async create(t: Tenant, w: BlueprintWrite, now: Date): Promise<BlueprintRow> {
    const [row] = await this.db
      .insert(blueprints)
      .values({
        id: this.ids.id('bp'),
        ...t,
        agentId: w.agentId ?? null,
        name: w.name,
        status: 'draft',
        version: 1,
        definition: { ...w.definition, version: 1 },
        warnings: w.warnings,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return row!;
  }

  async find(t: Tenant, id: string): Promise<BlueprintRow | null> {
    const [row] = await this.db
      .select()
      .from(blueprints)
      .where(and(tenantWhere(blueprints, t), eq(blueprints.id, id)));
    return row ?? null;
  }

  async get(t: Tenant, id: string): Promise<BlueprintRow> {
    const row = await this.find(t, id);
    if (!row) throw new ParleyError('NOT_FOUND', `no blueprint ${id}`);
    return row;
  }

  async list(t: Tenant, q: PageQuery & { status?: string | undefined }): Promise<Page<BlueprintRow>> {
    const scope = allOf(tenantWhere(blueprints, t), q.status ? eq(blueprints.status, q.status) : undefined);
    return paginate(
      q,
      blueprints,
      (id) => this.find(t, id),
      (where, orderBy, limit, offset = 0) =>
        this.db
          .select()
          .from(blueprints)
          .where(allOf(scope, where))
          .orderBy(...orderBy)
          .limit(limit)
          .offset(offset),
      async () => (await this.db.select({ n: count() }).from(blueprints).where(scope))[0]?.n ?? 0,
    );
  }

  /**
   * Replaces the definition. A draft is edited in place; editing a published blueprint starts the draft
   * of the next version (runs keep using the published one). Archived blueprints are read-only.
   */
  async update(t: Tenant, id: string, w: BlueprintWrite, now: Date): Promise<BlueprintRow> {
    return this.db.transaction(async (tx) => {
      const [cur] = await tx
        .select()
        .from(blueprints)
        .where(and(tenantWhere(blueprints, t), eq(blueprints.id, id)))
        .for('update');
      if (!cur) throw new ParleyError('NOT_FOUND', `no blueprint ${id}`);
      if (cur.status === 'archived') throw new ParleyError('CONFLICT', `blueprint ${id} is archived`);
      const version = cur.status === 'published' ? cur.version + 1 : cur.version;
      const [row] = await tx
        .update(blueprints)
        .set({
          name: w.name,
          definition: { ...w.definition, version },
          warnings: w.warnings,
          agentId: w.agentId === undefined ? cur.agentId : w.agentId,
          status: 'draft',
          version,
          updatedAt: now,
        })
        .where(eq(blueprints.id, id))
        .returning();
      return row!;
    });
  }

  /** Freezes the current definition as a version. Publishing an unchanged published blueprint is a no-op. */
  async publish(t: Tenant, id: string, now: Date): Promise<BlueprintRow> {
    return this.db.transaction(async (tx) => {
      const [cur] = await tx
        .select()
        .from(blueprints)
        .where(and(tenantWhere(blueprints, t), eq(blueprints.id, id)))
        .for('update');
      if (!cur) throw new ParleyError('NOT_FOUND', `no blueprint ${id}`);
      if (cur.status === 'archived') throw new ParleyError('CONFLICT', `blueprint ${id} is archived`);
      if (cur.status === 'published') return cur;
      await tx.insert(blueprintVersions).values({
        blueprintId: id,
        version: cur.version,
        agentId: cur.agentId,
        definition: cur.definition,
        publishedAt: now,
      });
      const [row] = await tx
        .update(blueprints)
        .set({ status: 'published', publishedVersion: cur.version, publishedAt: now, updatedAt: now })
        .where(eq(blueprints.id, id))
        .returning();
      return row!;
    });
  }

  async archive(t: Tenant, id: string, now: Date): Promise<BlueprintRow> {
    const [row] = await this.db
      .update(blueprints)
      .set({ status: 'archived', archivedAt: now, updatedAt: now })
      .where(and(tenantWhere(blueprints, t), eq(blueprints.id, id)))
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no blueprint ${id}`);
    return row;
  }

  async versions(t: Tenant, id: string): Promise<BlueprintVersionRow[]> {
    await this.get(t, id);
    return this.db
      .select()
      .from(blueprintVersions)
      .where(eq(blueprintVersions.blueprintId, id))
      .orderBy(desc(blueprintVersions.version));
  }

  /** The blueprint a run pinned (its version's definition); INTERNAL when the version is missing. */
  async pinned(run: { blueprintId: string; blueprintVersion: number }): Promise<Blueprint> {
    const ver = await this.version(run.blueprintId, run.blueprintVersion);
    if (!ver)
      throw new ParleyError(
        'INTERNAL',
        `blueprint version ${run.blueprintId}@${run.blueprintVersion} missing`,
      );
    return ver.definition;
  }

  async version(blueprintId: string, version: number): Promise<BlueprintVersionRow | null> {
    const [row] = await this.db
      .select()
      .from(blueprintVersions)
      .where(and(eq(blueprintVersions.blueprintId, blueprintId), eq(blueprintVersions.version, version)));
    return row ?? null;
  }

  /**
   * Ids of the organisation's non-archived blueprints that declare a variable of this name, in their
   * current definition or in their published version (what new runs pin).
   */
  async declaring(t: Tenant, name: string): Promise<string[]> {
    const declares = (definition: typeof blueprints.definition | typeof blueprintVersions.definition) =>
      sql`coalesce(${definition} -> 'variables', '[]'::jsonb) @> ${JSON.stringify([{ name }])}::jsonb`;
    const rows = await this.db
      .selectDistinct({ id: blueprints.id })
      .from(blueprints)
      .leftJoin(
        blueprintVersions,
        and(
          eq(blueprintVersions.blueprintId, blueprints.id),
          eq(blueprintVersions.version, blueprints.publishedVersion),
        ),
      )
      .where(
        and(
          tenantWhere(blueprints, t),
          ne(blueprints.status, 'archived'),
          or(declares(blueprints.definition), declares(blueprintVersions.definition)),
        ),
      )
      .orderBy(blueprints.id);
    return rows.map((r) => r.id);
  }
}
