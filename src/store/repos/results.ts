import { and, eq, inArray } from 'drizzle-orm';
import { responsesSchema, type Responses } from '../../analysis/responses/types.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { runResults } from '../db/schema/index.js';
import type { Ids } from '../ids.js';
import type { Tenant } from './scope.js';

export type ResultRow = typeof runResults.$inferSelect;
export type ResultKind = 'responses' | 'analysis';

/** Responses and analysis of runs: one row per (run, kind), replaced when re-generated. */
export class ResultsRepo {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  async put(
    t: Tenant,
    runId: string,
    kind: ResultKind,
    v: { status: string; data: Record<string, unknown> | null; model?: string | null; error?: string | null },
    now: Date,
  ): Promise<ResultRow> {
    const values = {
      status: v.status,
      data: v.data,
      model: v.model ?? null,
      error: v.error ?? null,
      updatedAt: now,
    };
    const [row] = await this.db
      .insert(runResults)
      .values({
        id: this.ids.id(kind === 'responses' ? 'rsp' : 'ana'),
        runId,
        kind,
        ...t,
        ...values,
        createdAt: now,
      })
      .onConflictDoUpdate({ target: [runResults.runId, runResults.kind], set: values })
      .returning();
    return row!;
  }

  async get(runId: string, kind: ResultKind): Promise<ResultRow | null> {
    const [row] = await this.db
      .select()
      .from(runResults)
      .where(and(eq(runResults.runId, runId), eq(runResults.kind, kind)));
    return row ?? null;
  }

  /** The run's completed responses, parsed (the `data` column holds both kinds of result). */
  async completedResponses(runId: string): Promise<Responses | null> {
    const row = await this.get(runId, 'responses');
    if (row?.status !== 'completed' || row.data === null) return null;
    const parsed = responsesSchema.safeParse(row.data);
    if (!parsed.success)
      throw new ParleyError('INTERNAL', `the stored responses of run ${runId} do not parse`);
    return parsed.data;
  }

  async many(runIds: string[], kind: ResultKind): Promise<Map<string, ResultRow>> {
    if (runIds.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(runResults)
      .where(and(inArray(runResults.runId, runIds), eq(runResults.kind, kind)));
    return new Map(rows.map((r) => [r.runId, r]));
  }
}
