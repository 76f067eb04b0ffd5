import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { transcriptEntries } from '../db/schema/index.js';
import type { Ids } from '../ids.js';
import type { CreateTurnBody, UpdateTurnBody } from '../api/internal.js';

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
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  /**
   * Idempotent on (run, turn_number): a new turn is inserted (`created: true`); the same body again returns
   * the stored entry; a different body for an existing number is a CONFLICT.
   */
  async put(
    runId: string,
    body: CreateTurnBody,
    sessionId: string | null,
    now: Date,
  ): Promise<{ row: TurnRow; created: boolean }> {
    const hash = bodyHash(body);
    const [inserted] = await this.db
      .insert(transcriptEntries)
      .values({
        id: this.ids.id('tr'),
        runId,
        turnNumber: body.turn_number,
        role: body.role,
        content: body.content,
        startedAt: new Date(body.started_at),
        endedAt: new Date(body.ended_at),
        sessionId: body.session_id ?? sessionId,
        nodeId: body.node_id ?? null,
        questionKey: body.question_key ?? null,
        entryType: body.entry_type,
        confidence: body.confidence ?? null,
        isPendingQuestion: body.is_pending_question ?? false,
        evaluation: body.evaluation ?? null,
        audioUrl: body.audio_url ?? null,
        bodyHash: hash,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [transcriptEntries.runId, transcriptEntries.turnNumber] })
      .returning();
    if (inserted) return { row: inserted, created: true };
    const existing = await this.get(runId, body.turn_number);
    if (existing.bodyHash !== hash) {
      throw new ParleyError('CONFLICT', `turn ${body.turn_number} already exists with a different body`, {
        turn_number: body.turn_number,
      });
    }
    return { row: existing, created: false };
  }

  /** Only checks for an identical replay (no insert): the stored entry, or null. */
  async replayOf(runId: string, body: CreateTurnBody): Promise<TurnRow | null> {
    const [row] = await this.db
      .select()
      .from(transcriptEntries)
      .where(and(eq(transcriptEntries.runId, runId), eq(transcriptEntries.turnNumber, body.turn_number)));
    return row && row.bodyHash === bodyHash(body) ? row : null;
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
