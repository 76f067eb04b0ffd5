import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { transcriptEntries } from '../db/schema/index.js';
import type { Ids } from '../ids.js';
import type { UpdateTurnBody } from '../api/internal.js';
import { Batcher } from './turn-batcher.js';
import { writeTurns, type TurnWrite, type TurnWritten } from './turn-batch.js';

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

/**
 * A confidence as the `real` column holds it: six decimals. PostgreSQL refuses a `real` that underflows
 * (3.9e-189 is a valid confidence but "out of range for type real").
 */
export function storableConfidence(c: number | null | undefined): number | null {
  return c === null || c === undefined ? null : Math.round(c * 1e6) / 1e6;
}

export class TurnsRepo {
  private readonly writes: Batcher<TurnWrite, TurnWritten>;

  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {
    this.writes = new Batcher((items) => this.writeBatch(items));
  }

  /**
   * Writes a turn with its live event if its run is in one of the `writable` statuses and the number is
   * new, in one statement that also reads the run (see {@link writeTurns}). Concurrent calls are written
   * together (group commit). A second call for a turn number already in the same batch gets the first's
   * outcome, as `exists` once the first is created; if the batch statement fails, its turns are retried
   * one by one so that only the faulty ones fail.
   */
  write(row: TurnRow, event: TurnWrite['event'], writable: readonly string[]): Promise<TurnWritten> {
    return this.writes.add({ row, event, writable });
  }

  private async writeBatch(items: TurnWrite[]): Promise<(TurnWritten | Error)[]> {
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
      written = await writeTurns(
        this.db,
        unique.map((i) => items[i]!),
      );
    } catch (err) {
      if (unique.length === 1) throw err;
      written = [];
      for (const i of unique) {
        written.push(await writeTurns(this.db, [items[i]!]).then(([w]) => w!, asError));
      }
    }
    const byIndex = new Map(unique.map((i, k) => [i, written[k]!]));
    return items.map((_, i) => {
      const own = byIndex.get(leader[i]!)!;
      if (leader[i] === i || own instanceof Error || own.type !== 'created') return own;
      return { type: 'exists', run: own.run };
    });
  }

  /** The turn's id, drawn before the insert (the live event is built from the values written). */
  newId(): string {
    return this.ids.id('tr');
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
    if (body.confidence !== undefined) set.confidence = storableConfidence(body.confidence);
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
