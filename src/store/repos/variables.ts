import { and, count, eq } from 'drizzle-orm';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { accountVariables } from '../db/schema/index.js';
import type { Ids } from '../ids.js';
import { allOf, paginate, type Page, type PageQuery } from './pagination.js';
import { isUniqueViolation } from './runs.js';
import { tenantWhere, type Tenant } from './scope.js';

export type VariableRow = typeof accountVariables.$inferSelect;
export type VariableWrite = Pick<VariableRow, 'name' | 'defaultValue' | 'description' | 'required'>;
export type VariableChange = Partial<Pick<VariableRow, 'defaultValue' | 'description' | 'required'>>;

/** Account-level variables of one organisation and mode (names unique within it). */
export class VariablesRepo {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  async create(t: Tenant, v: VariableWrite, now: Date): Promise<VariableRow> {
    try {
      const [row] = await this.db
        .insert(accountVariables)
        .values({ id: this.ids.id('var'), ...t, ...v, createdAt: now, updatedAt: now })
        .returning();
      return row!;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new ParleyError('VARIABLE_NAME_EXISTS', `a variable named ${v.name} already exists`, {
        name: v.name,
      });
    }
  }

  async find(t: Tenant, id: string): Promise<VariableRow | null> {
    const [row] = await this.db
      .select()
      .from(accountVariables)
      .where(and(tenantWhere(accountVariables, t), eq(accountVariables.id, id)));
    return row ?? null;
  }

  async get(t: Tenant, id: string): Promise<VariableRow> {
    const row = await this.find(t, id);
    if (!row) throw new ParleyError('NOT_FOUND', `no variable ${id}`);
    return row;
  }

  /** Every variable of the organisation and mode, by name (what a run is created with). */
  async all(t: Tenant): Promise<VariableRow[]> {
    return this.db
      .select()
      .from(accountVariables)
      .where(tenantWhere(accountVariables, t))
      .orderBy(accountVariables.name);
  }

  async list(t: Tenant, q: PageQuery): Promise<Page<VariableRow>> {
    const scope = tenantWhere(accountVariables, t);
    return paginate(
      q,
      accountVariables,
      (id) => this.find(t, id),
      (where, orderBy, limit, offset = 0) =>
        this.db
          .select()
          .from(accountVariables)
          .where(allOf(scope, where))
          .orderBy(...orderBy)
          .limit(limit)
          .offset(offset),
      async () => (await this.db.select({ n: count() }).from(accountVariables).where(scope))[0]?.n ?? 0,
    );
  }

  async update(t: Tenant, id: string, set: VariableChange, now: Date): Promise<VariableRow> {
    const [row] = await this.db
      .update(accountVariables)
      .set({ ...set, updatedAt: now })
      .where(and(tenantWhere(accountVariables, t), eq(accountVariables.id, id)))
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no variable ${id}`);
    return row;
  }

  async remove(t: Tenant, id: string): Promise<VariableRow> {
    const [row] = await this.db
      .delete(accountVariables)
      .where(and(tenantWhere(accountVariables, t), eq(accountVariables.id, id)))
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no variable ${id}`);
    return row;
  }
}
