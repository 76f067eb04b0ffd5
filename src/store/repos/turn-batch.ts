import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Db } from '../db/database.js';
import { interviewRuns, runEvents, transcriptEntries } from '../db/schema/index.js';
import type { RunRow } from './runs.js';
import type { TurnRow } from './turns.js';

/** What a turn POST needs of its run. */
export type RunForTurn = Pick<RunRow, 'status' | 'currentSessionId' | 'startedAt'>;

/**
 * A turn to write. `row.sessionId` null means the run's current session. `event.data` is the live event's
 * data as far as it does not depend on the run: the statement sets its `confidence` (as stored),
 * `session_id` (as stored, '' for none) and `offset_ms` (from the run's start). The turn is written only
 * while the run's status is one of `writable`.
 */
export interface TurnWrite {
  row: TurnRow;
  event: { type: string; data: Record<string, unknown> };
  writable: readonly string[];
}

/** What became of a turn write. */
export type TurnWritten =
  | { type: 'no_run' }
  | { type: 'not_writable'; run: RunForTurn }
  | { type: 'exists'; run: RunForTurn }
  | {
      type: 'created';
      run: RunForTurn;
      seq: number;
      confidence: number | null;
      sessionId: string | null;
    };

const id = (name: string) => sql.identifier(name);
const STATEMENT = 'parley_turn_batch';

/**
 * Writes many turns (distinct `(run, turn_number)`) in one statement, which also reads their runs: a turn
 * is inserted only if its run exists (not deleted) in a writable status and the number is new; each run's
 * `last_seq` is raised by its count of new turns, and the new turns get consecutive `seq`s in input order
 * with their live events. Returns one outcome per input, in input order.
 */
export async function writeTurns(db: Db, writes: TurnWrite[]): Promise<TurnWritten[]> {
  const input = writes.map(({ row, event, writable }, idx) => ({
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
    writable,
  }));
  const rows = await executeStatement(db, JSON.stringify(input));
  const out: TurnWritten[] = writes.map(() => ({ type: 'no_run' }));
  for (const r of rows) {
    const i = Number(r.idx);
    if (r.found !== true) continue;
    const run: RunForTurn = {
      status: r.status as string,
      currentSessionId: (r.current_session_id as string | null) ?? null,
      startedAt: r.started_at === null ? null : new Date(r.started_at as Date | string),
    };
    if (r.inserted !== true) {
      out[i] = { type: writes[i]!.writable.includes(run.status) ? 'exists' : 'not_writable', run };
      continue;
    }
    if (r.seq === null || r.seq === undefined)
      throw new Error(`run ${writes[i]!.row.runId} vanished during a turn`);
    out[i] = {
      type: 'created',
      run,
      seq: Number(r.seq),
      confidence: r.confidence === null || r.confidence === undefined ? null : Number(r.confidence),
      sessionId: (r.session_id as string | null) ?? null,
    };
  }
  return out;
}

/** The statement's text (`$1`: the input, a jsonb array), rendered once. */
let statementText: string | null = null;
function text(): string {
  statementText ??= new PgDialect().sqlToQuery(batchStatement()).sql;
  return statementText;
}

/** The databases (PGlite clients) the statement is prepared on. */
const preparedOn = new WeakSet<object>();

/**
 * One round trip, the statement prepared once per connection, so a batch skips parsing (and, on PGlite,
 * planning) the CTE. PGlite: PREPARE once, then EXECUTE with the input as an escaped literal through the
 * simple query protocol (EXECUTE takes no bind parameters; the extended protocol costs PGlite about
 * twice as much per statement). node-postgres: a named prepared statement.
 */
async function executeStatement(db: Db, json: string): Promise<Record<string, unknown>[]> {
  // interop: drizzle keeps the driver client on an untyped $client field
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof PGlite) {
    if (!preparedOn.has(client)) {
      await client.exec(`prepare ${STATEMENT} (jsonb) as ${text()}`);
      preparedOn.add(client);
    }
    const literal = `E'${json.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
    // Its generic plan (planned once) is what saves the time: left to choose, PostgreSQL re-plans the
    // CTE for each batch. SET LOCAL lasts for this query string only (one implicit transaction).
    const results = await client.exec(
      `set local plan_cache_mode = force_generic_plan; execute ${STATEMENT} (${literal})`,
    );
    return (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[];
  }
  const res = await (client as pg.Pool).query<Record<string, unknown>>({
    name: STATEMENT,
    text: text(),
    values: [json],
  });
  return res.rows;
}

/** The batch: reads the runs, inserts the new turns, numbers them and stores their live events. */
function batchStatement(): SQL {
  const t = transcriptEntries;
  const r = interviewRuns;
  const e = runEvents;
  // offset_ms as transcriptEntry() computes it: whole milliseconds since the run started, at least 0
  const ms = (ts: SQL) => sql`floor(extract(epoch from ${ts}) * 1000)`;
  return sql`
    with input as (
      select * from jsonb_to_recordset(${sql.raw('$1::jsonb')}) as x(
        idx int, id text, run_id text, turn_number int, role text, content text, started_at timestamptz,
        ended_at timestamptz, session_id text, node_id text, question_key text, entry_type text,
        confidence real, is_pending_question boolean, evaluation jsonb, audio_url text, body_hash text,
        created_at timestamptz, event_type text, event_data jsonb, writable jsonb
      )
    ),
    target as (
      select ${r.id} as id, ${r.status} as status, ${r.currentSessionId} as current_session_id,
        ${r.startedAt} as started_at
      from ${r}
      -- = any (array (...)): a primary key lookup per run, also in the generic plan (in (select ...) scanned the table)
      where ${r.id} = any (array(select distinct run_id from input)) and ${r.deletedAt} is null
    ),
    ins as (
      insert into ${t} (
        ${id(t.id.name)}, ${id(t.runId.name)}, ${id(t.turnNumber.name)}, ${id(t.role.name)},
        ${id(t.content.name)}, ${id(t.startedAt.name)}, ${id(t.endedAt.name)}, ${id(t.sessionId.name)},
        ${id(t.nodeId.name)}, ${id(t.questionKey.name)}, ${id(t.entryType.name)}, ${id(t.confidence.name)},
        ${id(t.isPendingQuestion.name)}, ${id(t.evaluation.name)}, ${id(t.audioUrl.name)},
        ${id(t.bodyHash.name)}, ${id(t.createdAt.name)}, ${id(t.updatedAt.name)}
      )
      select i.id, i.run_id, i.turn_number, i.role, i.content, i.started_at, i.ended_at,
        coalesce(i.session_id, target.current_session_id), i.node_id, i.question_key, i.entry_type,
        i.confidence, i.is_pending_question, i.evaluation, i.audio_url, i.body_hash, i.created_at,
        i.created_at
      from input i join target on target.id = i.run_id
      where i.writable ? target.status
      order by i.idx
      on conflict (${id(t.runId.name)}, ${id(t.turnNumber.name)}) do nothing
      returning ${id(t.runId.name)} as run_id, ${id(t.turnNumber.name)} as turn_number,
        ${id(t.confidence.name)} as confidence, ${id(t.sessionId.name)} as session_id
    ),
    added as (
      select i.idx, i.run_id, i.started_at, i.created_at, i.event_type, i.event_data,
        ins.confidence as stored_confidence, ins.session_id as stored_session_id,
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
      select nb.run_id, nb.seq, nb.event_type,
        nb.event_data || jsonb_build_object(
          'confidence', nb.stored_confidence,
          'session_id', coalesce(nb.stored_session_id, ''),
          'offset_ms', greatest(0, ${ms(sql`nb.started_at`)} - ${ms(sql`coalesce(target.started_at, nb.started_at)`)})::bigint
        ),
        nb.created_at
      from numbered nb join target on target.id = nb.run_id
      where nb.seq is not null
      returning ${id(e.seq.name)} as seq
    )
    select i.idx, target.id is not null as found, target.status, target.current_session_id,
      target.started_at, nb.seq::float8 as seq, nb.stored_confidence as confidence,
      nb.stored_session_id as session_id, nb.idx is not null as inserted
    from input i left join target on target.id = i.run_id left join numbered nb on nb.idx = i.idx
  `;
}
