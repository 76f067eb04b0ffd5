import { PGlite } from '@electric-sql/pglite';
import { and, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { interviewRuns, runEvents, transcriptEntries } from '../db/schema/index.js';
import type { RunRow } from './runs.js';
import type { TurnRow } from './turns.js';

/** What a turn POST needs of its run. */
export type RunForTurn = Pick<RunRow, 'status' | 'currentSessionId' | 'startedAt'>;

/** A new turn and the live event to store with it if it is new. */
export interface TurnWrite {
  row: TurnRow;
  event: { type: string; data: Record<string, unknown> };
}

/** The event's `seq` and the stored `confidence` of a new turn; null when the turn number existed. */
export type TurnWritten = { seq: number; confidence: number | null } | null;

/** The runs (not deleted) of these ids, in one statement. */
export async function runsForTurns(db: Db, ids: string[]): Promise<Map<string, RunForTurn>> {
  const unique = [...new Set(ids)];
  if (isPglite(db)) {
    const r = interviewRuns;
    const res = await executePrepared(
      db,
      'parley_runs_for_turns',
      sql`select ${r.id} as id, ${r.status} as status, ${r.currentSessionId} as current_session_id,
        ${r.startedAt} as started_at
      from ${r} where ${r.id} in (select jsonb_array_elements_text($1)) and ${r.deletedAt} is null`,
      JSON.stringify(unique),
    );
    const raw = (res as unknown as { rows: Record<string, unknown>[] }).rows;
    return new Map(
      raw.map((row) => [
        row.id as string,
        {
          status: row.status as string,
          currentSessionId: (row.current_session_id as string | null) ?? null,
          startedAt: row.started_at === null ? null : new Date(row.started_at as Date | string),
        },
      ]),
    );
  }
  const rows = await db
    .select({
      id: interviewRuns.id,
      status: interviewRuns.status,
      currentSessionId: interviewRuns.currentSessionId,
      startedAt: interviewRuns.startedAt,
    })
    .from(interviewRuns)
    .where(and(inArray(interviewRuns.id, unique), isNull(interviewRuns.deletedAt)));
  return new Map(rows.map(({ id, ...r }) => [id, r]));
}

const id = (name: string) => sql.identifier(name);

/**
 * Inserts many new turns (distinct `(run, turn_number)`) in one statement: rows whose number already
 * exists are skipped; each run's `last_seq` is raised by its count of new turns, and the new turns get
 * consecutive `seq`s in input order with their live events (`data` plus the stored `confidence`).
 * Returns one outcome per input, in input order.
 */
export async function insertTurnsWithEvents(db: Db, writes: TurnWrite[]): Promise<TurnWritten[]> {
  const input = writes.map(({ row, event }, idx) => ({
    idx,
    id: row.id,
    run_id: row.runId,
    turn_number: row.turnNumber,
    role: row.role,
    content: row.content,
    started_at: row.startedAt.toISOString(),
    ended_at: row.endedAt.toISOString(),
    session_id: row.sessionId,
    node_id: row.nodeId,
    question_key: row.questionKey,
    entry_type: row.entryType,
    confidence: row.confidence,
    is_pending_question: row.isPendingQuestion,
    evaluation: row.evaluation,
    audio_url: row.audioUrl,
    body_hash: row.bodyHash,
    created_at: row.createdAt.toISOString(),
    event_type: event.type,
    event_data: event.data,
  }));
  const json = JSON.stringify(input);
  const res = isPglite(db)
    ? await executePrepared(db, 'parley_insert_turns', insertStatement(sql.raw('$1')), json)
    : await db.execute(insertStatement(sql`${json}::jsonb`));
  const out: TurnWritten[] = writes.map(() => null);
  for (const row of (res as unknown as { rows: Record<string, unknown>[] }).rows) {
    const i = Number(row.idx);
    if (row.seq === null || row.seq === undefined)
      throw new Error(`run ${writes[i]!.row.runId} vanished during a turn`);
    out[i] = {
      seq: Number(row.seq),
      confidence: row.confidence === null || row.confidence === undefined ? null : Number(row.confidence),
    };
  }
  return out;
}

function isPglite(db: Db): boolean {
  return (db as unknown as { $client?: unknown }).$client instanceof PGlite;
}

/** The names prepared on each PGlite database. */
const preparedOn = new WeakMap<object, Set<string>>();

/**
 * PGlite: a statement (`$1`: a jsonb) is prepared once per database (PREPARE), then each batch only EXECUTEs it,
 * which skips parsing and planning the CTE (most of a small batch's cost in PGlite). The input goes in
 * as an escaped literal: EXECUTE takes no bind parameters.
 */
async function executePrepared(db: Db, name: string, statement: SQL, json: string) {
  const client = (db as unknown as { $client: object }).$client;
  let names = preparedOn.get(client);
  if (!names) preparedOn.set(client, (names = new Set()));
  if (!names.has(name)) {
    await db.execute(sql`prepare ${sql.identifier(name)} (jsonb) as ${statement}`);
    names.add(name);
  }
  const literal = `E'${json.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return db.execute(sql`execute ${sql.identifier(name)} (${sql.raw(literal)})`);
}

/** The batch insert, reading its rows from `inputJson` (a jsonb array of input objects). */
function insertStatement(inputJson: SQL): SQL {
  const t = transcriptEntries;
  const r = interviewRuns;
  const e = runEvents;
  return sql`
    with input as (
      select * from jsonb_to_recordset(${inputJson}) as x(
        idx int, id text, run_id text, turn_number int, role text, content text, started_at timestamptz,
        ended_at timestamptz, session_id text, node_id text, question_key text, entry_type text,
        confidence real, is_pending_question boolean, evaluation jsonb, audio_url text, body_hash text,
        created_at timestamptz, event_type text, event_data jsonb
      )
    ),
    ins as (
      insert into ${t} (
        ${id(t.id.name)}, ${id(t.runId.name)}, ${id(t.turnNumber.name)}, ${id(t.role.name)},
        ${id(t.content.name)}, ${id(t.startedAt.name)}, ${id(t.endedAt.name)}, ${id(t.sessionId.name)},
        ${id(t.nodeId.name)}, ${id(t.questionKey.name)}, ${id(t.entryType.name)}, ${id(t.confidence.name)},
        ${id(t.isPendingQuestion.name)}, ${id(t.evaluation.name)}, ${id(t.audioUrl.name)},
        ${id(t.bodyHash.name)}, ${id(t.createdAt.name)}, ${id(t.updatedAt.name)}
      )
      select id, run_id, turn_number, role, content, started_at, ended_at, session_id, node_id,
        question_key, entry_type, confidence, is_pending_question, evaluation, audio_url, body_hash,
        created_at, created_at
      from input order by idx
      on conflict (${id(t.runId.name)}, ${id(t.turnNumber.name)}) do nothing
      returning ${id(t.runId.name)} as run_id, ${id(t.turnNumber.name)} as turn_number,
        ${id(t.confidence.name)} as confidence
    ),
    added as (
      select i.*, ins.confidence as stored_confidence,
        row_number() over (partition by i.run_id order by i.idx) as k,
        count(*) over (partition by i.run_id) as n,
        max(i.created_at) over (partition by i.run_id) as last_at
      from ins join input i on i.run_id = ins.run_id and i.turn_number = ins.turn_number
    ),
    upd as (
      update ${r}
      set ${id(r.lastSeq.name)} = ${r.lastSeq} + a.n, ${id(r.lastEventAt.name)} = a.last_at
      from (select distinct run_id, n, last_at from added) a
      where ${r.id} = a.run_id
      returning ${r.id} as run_id, ${r.lastSeq} - a.n as base
    ),
    numbered as (
      select added.*, upd.base + added.k as seq from added left join upd on upd.run_id = added.run_id
    ),
    ev as (
      insert into ${e} (
        ${id(e.runId.name)}, ${id(e.seq.name)}, ${id(e.type.name)}, ${id(e.data.name)}, ${id(e.createdAt.name)}
      )
      select run_id, seq, event_type,
        event_data || jsonb_build_object('confidence', stored_confidence), created_at
      from numbered where seq is not null
      returning ${id(e.seq.name)} as seq
    )
    select idx, seq::float8 as seq, stored_confidence as confidence from numbered
  `;
}
