import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { interviewRuns, runEvents } from '../db/schema/index.js';
import type { LiveEvent } from '../api/internal.js';

export interface NewLiveEvent {
  type: string;
  data: Record<string, unknown>;
  clientEventId?: string | undefined;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Live events of a run, numbered by a per-run monotonically increasing `seq` (the SSE id). */
export class EventsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Appends events in one transaction: `seq` numbers are reserved by incrementing the run's `last_seq`
   * (the row lock orders concurrent writers), and the run's `last_event_at` is bumped.
   */
  async append(runId: string, events: NewLiveEvent[], now: Date, tx?: Tx): Promise<LiveEvent[]> {
    if (events.length === 0) return [];
    const run = async (t: Tx) => {
      const [r] = await t
        .update(interviewRuns)
        .set({ lastSeq: sql`${interviewRuns.lastSeq} + ${events.length}`, lastEventAt: now })
        .where(eq(interviewRuns.id, runId))
        .returning({ lastSeq: interviewRuns.lastSeq });
      const first = r!.lastSeq - events.length + 1;
      const rows = events.map((e, i) => ({
        runId,
        seq: first + i,
        type: e.type,
        data: e.data,
        clientEventId: e.clientEventId ?? null,
        createdAt: now,
      }));
      await t.insert(runEvents).values(rows);
      return rows.map((row) => toLive(row));
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  /** Which of these client event ids the run has already stored. */
  async known(runId: string, clientEventIds: string[]): Promise<Set<string>> {
    if (clientEventIds.length === 0) return new Set();
    const rows = await this.db
      .select({ id: runEvents.clientEventId })
      .from(runEvents)
      .where(and(eq(runEvents.runId, runId), inArray(runEvents.clientEventId, clientEventIds)));
    return new Set(rows.map((r) => r.id!));
  }

  async after(runId: string, afterSeq: number, limit = 1000): Promise<LiveEvent[]> {
    const rows = await this.db
      .select()
      .from(runEvents)
      .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq)))
      .orderBy(asc(runEvents.seq))
      .limit(limit);
    return rows.map(toLive);
  }
}

function toLive(row: typeof runEvents.$inferSelect): LiveEvent {
  return { seq: row.seq, type: row.type, data: row.data, created_at: row.createdAt.toISOString() };
}
