import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { interviewRuns, runEvents, transcriptEntries } from '../db/schema/index.js';
import type { Ids } from '../ids.js';
import type { UpdateTurnBody } from '../api/internal.js';
import { Batcher } from './turn-batcher.js';
import {
  insertTurnsWithEvents,
  runsForTurns,
  type RunForTurn,
  type TurnWrite,
  type TurnWritten,
} from './turn-batch.js';

export type TurnRow = typeof transcriptEntries.$inferSelect;

/** JSON with sorted keys, so that equal bodies hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export class TurnsRepo {
  private readonly runLookups: Batcher<string, RunForTurn | null>;
  private readonly writes: Batcher<TurnWrite, TurnWritten>;

  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {
    this.runLookups = new Batcher(async (runIds) => {
      const runs = await runsForTurns(this.db, runIds);
      return runIds.map((id) => runs.get(id) ?? null);
    });
    this.writes = new Batcher((items) => this.writeBatch(items));
  }

  /** What a turn POST needs of its run (lookups of concurrent turns share one statement). */
  async runForTurn(runId: string): Promise<RunForTurn> {
    const run = await this.runLookups.add(runId);
    if (!run) throw new ParleyError('NOT_FOUND', `no interview run ${runId}`);
    return run;
  }

  /**
   * Like {@link insertWithEvent}, but concurrent calls are written together in one statement (group
   * commit). A second call for a turn number already in the same batch is answered as a replay (null)
   * once the first is written; if the batch statement fails, its turns are retried one by one so that
   * only the faulty ones fail.
   */
  write(row: TurnRow, event: TurnWrite['event']): Promise<TurnWritten> {
    return this.writes.add({ row, event });
  }

  private async writeBatch(items: TurnWrite[]): Promise<(TurnWritten | Error)[]> {
    if (items.length === 1)
      return [await this.insertWithEvent(items[0]!.row, items[0]!.event).catch(asError)];
    // The first of each (run, turn number) is written; later ones in the batch follow its outcome.
    const firstOf = new Map<string, number>();
    const unique: number[] = [];
    const leader = items.map((it, i) => {
      const key = `${it.row.runId} ${it.row.turnNumber}`;
      const first = firstOf.get(key);
      if (first !== undefined) return first;
      firstOf.set(key, i);
      unique.push(i);
      return i;
    });
    let written: (TurnWritten | Error)[];
    try {
      written = await insertTurnsWithEvents(
        this.db,
        unique.map((i) => items[i]!),
      );
    } catch {
      written = [];
      for (const i of unique) {
        written.push(await this.insertWithEvent(items[i]!.row, items[i]!.event).catch(asError));
      }
    }
    const byIndex = new Map(unique.map((i, k) => [i, written[k]!]));
    return items.map((_, i) => {
      const own = byIndex.get(leader[i]!)!;
      return leader[i] === i || own instanceof Error ? own : null;
    });
  }

  /** The turn's id, drawn before the insert (the live event is built from the values written). */
  newId(): string {
    return this.ids.id('tr');
  }

  /**
   * Inserts a new turn and, only if it was new, numbers and stores its live event (`type`, `data`), all in
   * one statement (one round trip, atomic on both drivers). Returns null when the turn number already
   * exists (nothing written); otherwise the event's `seq` and the stored `confidence` (a `real`, so the
   * value as PostgreSQL rounded it; also written into the event's data).
   */
  async insertWithEvent(
    row: TurnRow,
    event: { type: string; data: Record<string, unknown> },
  ): Promise<{ seq: number; confidence: number | null } | null> {
    const t = transcriptEntries;
    const now = row.createdAt.toISOString();
    const res = await this.db.execute(sql`
      with ins as (
        insert into ${t} (
          ${sql.identifier(t.id.name)}, ${sql.identifier(t.runId.name)}, ${sql.identifier(t.turnNumber.name)},
          ${sql.identifier(t.role.name)}, ${sql.identifier(t.content.name)}, ${sql.identifier(t.startedAt.name)},
          ${sql.identifier(t.endedAt.name)}, ${sql.identifier(t.sessionId.name)}, ${sql.identifier(t.nodeId.name)},
          ${sql.identifier(t.questionKey.name)}, ${sql.identifier(t.entryType.name)},
          ${sql.identifier(t.confidence.name)}, ${sql.identifier(t.isPendingQuestion.name)},
          ${sql.identifier(t.evaluation.name)}, ${sql.identifier(t.audioUrl.name)}, ${sql.identifier(t.bodyHash.name)},
          ${sql.identifier(t.createdAt.name)}, ${sql.identifier(t.updatedAt.name)}
        ) values (
          ${row.id}::text, ${row.runId}::text, ${row.turnNumber}::int, ${row.role}::text, ${row.content}::text,
          ${row.startedAt.toISOString()}::timestamptz, ${row.endedAt.toISOString()}::timestamptz,
          ${row.sessionId}::text, ${row.nodeId}::text, ${row.questionKey}::text, ${row.entryType}::text,
          ${row.confidence}::real, ${row.isPendingQuestion}::boolean,
          ${row.evaluation === null ? null : JSON.stringify(row.evaluation)}::jsonb, ${row.audioUrl}::text,
          ${row.bodyHash}::text, ${now}::timestamptz, ${now}::timestamptz
        )
        on conflict (${sql.identifier(t.runId.name)}, ${sql.identifier(t.turnNumber.name)}) do nothing
        returning ${sql.identifier(t.confidence.name)} as confidence
      ),
      upd as (
        update ${interviewRuns}
        set ${sql.identifier(interviewRuns.lastSeq.name)} = ${interviewRuns.lastSeq} + 1,
            ${sql.identifier(interviewRuns.lastEventAt.name)} = ${now}::timestamptz
        where ${interviewRuns.id} = ${row.runId}::text and exists (select 1 from ins)
        returning ${interviewRuns.lastSeq} as seq
      ),
      ev as (
        insert into ${runEvents} (
          ${sql.identifier(runEvents.runId.name)}, ${sql.identifier(runEvents.seq.name)},
          ${sql.identifier(runEvents.type.name)}, ${sql.identifier(runEvents.data.name)},
          ${sql.identifier(runEvents.createdAt.name)}
        )
        select ${row.runId}::text, upd.seq, ${event.type}::text,
          ${JSON.stringify(event.data)}::jsonb || jsonb_build_object('confidence', ins.confidence),
          ${now}::timestamptz
        from upd, ins
        returning ${sql.identifier(runEvents.seq.name)} as seq
      )
      select (select seq from ev)::float8 as seq, (select confidence from ins) as confidence,
        exists (select 1 from ins) as inserted
    `);
    const out = (res as unknown as { rows: Record<string, unknown>[] }).rows[0];
    if (!out || out.inserted !== true) return null;
    if (out.seq === null || out.seq === undefined) throw new Error(`run ${row.runId} vanished during a turn`);
    return {
      seq: Number(out.seq),
      confidence: out.confidence === null || out.confidence === undefined ? null : Number(out.confidence),
    };
  }

  private findQuery: ReturnType<TurnsRepo['prepareFind']> | null = null;

  private prepareFind() {
    return this.db
      .select()
      .from(transcriptEntries)
      .where(
        and(
          eq(transcriptEntries.runId, sql.placeholder('runId')),
          eq(transcriptEntries.turnNumber, sql.placeholder('turnNumber')),
        ),
      )
      .prepare('parley_turn_find');
  }

  /** The stored turn of this number (a prepared statement), as a 0- or 1-element list. */
  find(runId: string, turnNumber: number): Promise<TurnRow[]> {
    this.findQuery ??= this.prepareFind();
    return this.findQuery.execute({ runId, turnNumber });
  }

  async get(runId: string, turnNumber: number): Promise<TurnRow> {
    const [row] = await this.db
      .select()
      .from(transcriptEntries)
      .where(and(eq(transcriptEntries.runId, runId), eq(transcriptEntries.turnNumber, turnNumber)));
    if (!row) throw new ParleyError('NOT_FOUND', `no turn ${turnNumber} in run ${runId}`);
    return row;
  }

  async update(runId: string, turnNumber: number, body: UpdateTurnBody, now: Date): Promise<TurnRow> {
    const set: Partial<TurnRow> = { updatedAt: now };
    if (body.content !== undefined) set.content = body.content;
    if (body.started_at !== undefined) set.startedAt = new Date(body.started_at);
    if (body.ended_at !== undefined) set.endedAt = new Date(body.ended_at);
    if (body.session_id !== undefined) set.sessionId = body.session_id;
    if (body.node_id !== undefined) set.nodeId = body.node_id;
    if (body.question_key !== undefined) set.questionKey = body.question_key;
    if (body.entry_type !== undefined) set.entryType = body.entry_type;
    if (body.confidence !== undefined) set.confidence = body.confidence;
    if (body.is_pending_question !== undefined) set.isPendingQuestion = body.is_pending_question;
    if (body.evaluation !== undefined) set.evaluation = body.evaluation;
    if (body.audio_url !== undefined) set.audioUrl = body.audio_url;
    const [row] = await this.db
      .update(transcriptEntries)
      .set(set)
      .where(and(eq(transcriptEntries.runId, runId), eq(transcriptEntries.turnNumber, turnNumber)))
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no turn ${turnNumber} in run ${runId}`);
    return row;
  }

  async list(runId: string): Promise<TurnRow[]> {
    return this.db
      .select()
      .from(transcriptEntries)
      .where(eq(transcriptEntries.runId, runId))
      .orderBy(asc(transcriptEntries.turnNumber));
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
