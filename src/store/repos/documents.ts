import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { runResults } from '../db/schema/index.js';
import type { ResultKind, ResultRow } from './results.js';
import { tenantWhere, type Tenant } from './scope.js';

/** The ids of a run's result documents (null until the document exists). */
export interface DocumentIds {
  responses: string | null;
  analysis: string | null;
}

/** Result documents (responses, analysis) looked up by their own id, and the ids of many runs' documents. */
export class DocumentsRepo {
  constructor(private readonly db: Db) {}

  /** The document of that kind and id in the organisation and mode (null otherwise). */
  async byId(t: Tenant, kind: ResultKind, id: string): Promise<ResultRow | null> {
    const [row] = await this.db
      .select()
      .from(runResults)
      .where(and(tenantWhere(runResults, t), eq(runResults.kind, kind), eq(runResults.id, id)));
    return row ?? null;
  }

  /** Document ids per run (only the ids are read, not the documents). */
  async idsOf(runIds: string[]): Promise<Map<string, DocumentIds>> {
    const out = new Map<string, DocumentIds>();
    if (runIds.length === 0) return out;
    const rows = await this.db
      .select({ runId: runResults.runId, kind: runResults.kind, id: runResults.id })
      .from(runResults)
      .where(inArray(runResults.runId, runIds));
    for (const r of rows) {
      const ids = out.get(r.runId) ?? { responses: null, analysis: null };
      if (r.kind === 'responses') ids.responses = r.id;
      else if (r.kind === 'analysis') ids.analysis = r.id;
      out.set(r.runId, ids);
    }
    return out;
  }
}
