import { and, count, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { EXPIRABLE_STATUSES, IDLE_WATCHED_STATUSES } from '../api/run-status.js';
import { interviewRuns, runSessions } from '../db/schema/index.js';
import { LIVE_STATUSES } from '../db/schema/runs.js';
import type { Ids } from '../ids.js';
import { allOf, paginate, type Page, type PageQuery } from './pagination.js';
import { tenantWhere, type Tenant } from './scope.js';

export type RunRow = typeof interviewRuns.$inferSelect;
export type NewRun = Omit<
  typeof interviewRuns.$inferInsert,
  'id' | 'dialInPin' | 'organizationId' | 'testMode'
>;
export type SessionRow = typeof runSessions.$inferSelect;

export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export interface RunFilters extends PageQuery {
  status?: string | undefined;
  blueprint_id?: string | undefined;
  search?: string | undefined;
  /** Runs whose external_refs contain every one of these pairs (GIN index). */
  external_refs?: Record<string, string> | undefined;
}

export class RunsRepo {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  /** Inserts a run; for SIP a PIN unique among live runs is drawn (retried on collision). */
  async create(t: Tenant, run: NewRun & { id?: string }, sip: boolean): Promise<RunRow> {
    const id = run.id ?? this.ids.id('run');
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await this.db
          .insert(interviewRuns)
          .values({ ...run, id, ...t, dialInPin: sip ? this.ids.pin() : null })
          .returning();
        return row!;
      } catch (err) {
        if (!sip || !isUniqueViolation(err) || attempt >= 20) throw err;
      }
    }
  }

  async find(t: Tenant, id: string): Promise<RunRow | null> {
    const [row] = await this.db
      .select()
      .from(interviewRuns)
      .where(and(tenantWhere(interviewRuns, t), eq(interviewRuns.id, id), isNull(interviewRuns.deletedAt)));
    return row ?? null;
  }

  async get(t: Tenant, id: string): Promise<RunRow> {
    const row = await this.find(t, id);
    if (!row) throw new ParleyError('NOT_FOUND', `no interview run ${id}`);
    return row;
  }

  private turnCheckQuery: ReturnType<RunsRepo['prepareTurnCheck']> | null = null;

  private prepareTurnCheck() {
    return this.db
      .select({
        status: interviewRuns.status,
        currentSessionId: interviewRuns.currentSessionId,
        startedAt: interviewRuns.startedAt,
      })
      .from(interviewRuns)
      .where(and(eq(interviewRuns.id, sql.placeholder('id')), isNull(interviewRuns.deletedAt)))
      .prepare('parley_run_turn_check');
  }

  /** What a turn POST needs of its run (a prepared statement: it runs once per turn). */
  async forTurn(id: string): Promise<Pick<RunRow, 'status' | 'currentSessionId' | 'startedAt'>> {
    this.turnCheckQuery ??= this.prepareTurnCheck();
    const [row] = await this.turnCheckQuery.execute({ id });
    if (!row) throw new ParleyError('NOT_FOUND', `no interview run ${id}`);
    return row;
  }

  /** For the agent-facing API (not tenant-scoped: the agent secret is global). */
  async byId(id: string): Promise<RunRow> {
    const [row] = await this.db
      .select()
      .from(interviewRuns)
      .where(and(eq(interviewRuns.id, id), isNull(interviewRuns.deletedAt)));
    if (!row) throw new ParleyError('NOT_FOUND', `no interview run ${id}`);
    return row;
  }

  async byPin(pin: string): Promise<RunRow | null> {
    const [row] = await this.db
      .select()
      .from(interviewRuns)
      .where(
        and(
          eq(interviewRuns.dialInPin, pin),
          isNull(interviewRuns.deletedAt),
          inArray(interviewRuns.status, [...LIVE_STATUSES]),
        ),
      );
    return row ?? null;
  }

  async list(t: Tenant, q: RunFilters): Promise<Page<RunRow>> {
    const search = q.search ? `%${q.search.replace(/[\\%_]/g, (c) => '\\' + c)}%` : undefined;
    const scope = allOf(
      tenantWhere(interviewRuns, t),
      isNull(interviewRuns.deletedAt),
      q.status ? eq(interviewRuns.status, q.status) : undefined,
      q.blueprint_id ? eq(interviewRuns.blueprintId, q.blueprint_id) : undefined,
      search
        ? or(
            ilike(interviewRuns.participantName, search),
            ilike(interviewRuns.blueprintName, search),
            ilike(interviewRuns.title, search),
          )
        : undefined,
      q.external_refs && Object.keys(q.external_refs).length > 0
        ? sql`${interviewRuns.externalRefs} @> ${JSON.stringify(q.external_refs)}::jsonb`
        : undefined,
    );
    return paginate(
      q,
      interviewRuns,
      (id) => this.find(t, id),
      (where, orderBy, limit, offset = 0) =>
        this.db
          .select()
          .from(interviewRuns)
          .where(allOf(scope, where))
          .orderBy(...orderBy)
          .limit(limit)
          .offset(offset),
      async () => (await this.db.select({ n: count() }).from(interviewRuns).where(scope))[0]?.n ?? 0,
    );
  }

  /** Updates a run by id; `onlyIn` guards the transition (returns null when the status did not match). */
  async update(id: string, set: Partial<RunRow>, onlyIn?: readonly string[]): Promise<RunRow | null> {
    const [row] = await this.db
      .update(interviewRuns)
      .set(set)
      .where(and(eq(interviewRuns.id, id), onlyIn ? inArray(interviewRuns.status, [...onlyIn]) : undefined))
      .returning();
    return row ?? null;
  }

  async softDelete(t: Tenant, id: string, now: Date): Promise<RunRow> {
    const [row] = await this.db
      .update(interviewRuns)
      .set({ deletedAt: now, updatedAt: now })
      .where(and(tenantWhere(interviewRuns, t), eq(interviewRuns.id, id), isNull(interviewRuns.deletedAt)))
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no interview run ${id}`);
    return row;
  }

  async addSession(runId: string, s: Omit<SessionRow, 'id' | 'runId' | 'endedAt'>): Promise<SessionRow> {
    const [row] = await this.db
      .insert(runSessions)
      .values({ id: this.ids.id('ses'), runId, ...s })
      .returning();
    return row!;
  }

  async sessions(runIds: string[]): Promise<Map<string, SessionRow[]>> {
    const out = new Map<string, SessionRow[]>();
    if (runIds.length === 0) return out;
    const rows = await this.db
      .select()
      .from(runSessions)
      .where(inArray(runSessions.runId, runIds))
      .orderBy(runSessions.startedAt, runSessions.id);
    for (const r of rows) out.set(r.runId, [...(out.get(r.runId) ?? []), r]);
    return out;
  }

  async endOpenSessions(runId: string, now: Date): Promise<void> {
    await this.db
      .update(runSessions)
      .set({ endedAt: now })
      .where(and(eq(runSessions.runId, runId), isNull(runSessions.endedAt)));
  }

  /** Runs whose `expires_at` has passed while nobody is in them (every tenant's when `t` is null). */
  async expiring(t: Tenant | null, now: Date, limit = 200): Promise<RunRow[]> {
    return this.db
      .select()
      .from(interviewRuns)
      .where(
        and(
          t ? tenantWhere(interviewRuns, t) : undefined,
          isNull(interviewRuns.deletedAt),
          inArray(interviewRuns.status, [...EXPIRABLE_STATUSES]),
          sql`${interviewRuns.expiresAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .limit(limit);
  }

  /** Runs in a conversation with no activity (event, turn or session) since `before`. */
  async idleSince(before: Date, t: Tenant | null = null, limit = 200): Promise<RunRow[]> {
    return this.db
      .select()
      .from(interviewRuns)
      .where(
        and(
          t ? tenantWhere(interviewRuns, t) : undefined,
          isNull(interviewRuns.deletedAt),
          inArray(interviewRuns.status, [...IDLE_WATCHED_STATUSES]),
          sql`coalesce(${interviewRuns.lastEventAt}, ${interviewRuns.startedAt}, ${interviewRuns.updatedAt}) < ${before.toISOString()}::timestamptz`,
        ),
      )
      .limit(limit);
  }

  /**
   * Claims runs stuck in `processing` since before `before` (their instance died): bumps updated_at so
   * another instance does not claim them too, and returns their ids.
   */
  async staleProcessing(before: Date): Promise<string[]> {
    const rows = await this.db
      .update(interviewRuns)
      .set({ updatedAt: new Date() })
      .where(
        and(
          eq(interviewRuns.status, 'processing'),
          sql`${interviewRuns.updatedAt} < ${before.toISOString()}::timestamptz`,
        ),
      )
      .returning({ id: interviewRuns.id });
    return rows.map((r) => r.id);
  }

  /** Counts per status; `abandoned` = active runs without an event since `staleBefore`. */
  async stats(
    t: Tenant,
    staleBefore: Date,
  ): Promise<{ byStatus: Record<string, number>; abandoned: number }> {
    const scope = and(tenantWhere(interviewRuns, t), isNull(interviewRuns.deletedAt));
    const rows = await this.db
      .select({ status: interviewRuns.status, n: count() })
      .from(interviewRuns)
      .where(scope)
      .groupBy(interviewRuns.status);
    const [ab] = await this.db
      .select({ n: count() })
      .from(interviewRuns)
      .where(
        and(
          scope,
          inArray(interviewRuns.status, [...IDLE_WATCHED_STATUSES]),
          sql`coalesce(${interviewRuns.lastEventAt}, ${interviewRuns.startedAt}, ${interviewRuns.updatedAt}) < ${staleBefore.toISOString()}::timestamptz`,
        ),
      );
    const byStatus: Record<string, number> = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    // marked abandoned by the sweeper, plus those it has not reached yet
    return { byStatus, abandoned: (byStatus.abandoned ?? 0) + (ab?.n ?? 0) };
  }
}
