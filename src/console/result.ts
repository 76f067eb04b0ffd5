import type { Agent } from '../agent/schema.js';
import type { TranscriptEntry } from '../analysis/types.js';
import type { Blueprint } from '../blueprint/schema.js';
import type { Conductor } from '../conductor/types.js';
import type { ConfirmationEntry, EngineState, ProbeLedgerEntry, RunContextInput } from '../engine/types.js';
import type { InterviewTurn } from '../interview/session.js';
import type { Responses } from '../analysis/responses/types.js';
import type { StoreClient } from '../store-client/client.js';
import type { TurnNotes } from './notes.js';
import type { ConsoleParticipant } from './participant.js';
import type { Renderer } from './render.js';

/** The console interview's options and result (the loop itself: runner.ts). */

/** A transcript turn as the console keeps it (and sends it to the store): the shared session's turn. */
export type ConsoleTurn = InterviewTurn;

/** The console's clock. Simulations advance a virtual clock by the time each utterance takes. */
export interface ConsoleClock {
  now(): number;
  /** Called after each utterance; a virtual clock moves forward by its speaking time. */
  spoke?(role: 'agent' | 'participant', text: string): void;
}

export interface RunnerOptions {
  blueprint: Blueprint;
  agent: Agent;
  conductor: Conductor;
  participant: ConsoleParticipant;
  renderer: Renderer;
  run: RunContextInput;
  clock?: ConsoleClock;
  /** Step the engine with `tick` this often (ms) while waiting for the participant (real clock). */
  tickMs?: number | undefined;
  store?: { client: StoreClient; sessionId: string } | undefined;
  /** Continue a run: the engine state and transcript from the store's session. */
  resume?: { state?: EngineState | undefined; history: readonly ConsoleTurn[] } | undefined;
  finalizeTimeoutMs?: number;
  /** Safety stop for scripted runs (participant utterances). Default 500. */
  maxParticipantTurns?: number;
}

export interface ConsoleResult {
  run_id: string;
  /** The engine's status at the end (`ended` unless the participant left). */
  status: EngineState['status'];
  end_reason: EngineState['end_reason'];
  /** True when the participant left before the end (EOF, Ctrl-C): the run stays resumable. */
  left: boolean;
  path_taken: string[];
  responses: Responses;
  probe_ledger: ProbeLedgerEntry[];
  confirmations: ConfirmationEntry[];
  transcript: ConsoleTurn[];
  turn_notes: TurnNotes[];
  state: EngineState;
  /** Time from the first to the last turn, ms (virtual time in simulations). */
  duration_ms: number;
  store?: StoreOutcome | undefined;
}

export interface StoreOutcome {
  run_id: string;
  session_id: string;
  finalized: boolean;
  pending: number;
  dead_letters: number;
}

export function toTranscriptEntries(turns: readonly ConsoleTurn[], sessionId: string): TranscriptEntry[] {
  const t0 = turns.length > 0 ? Date.parse(turns[0]!.started_at) : 0;
  return turns.map((t) => ({
    id: `turn_${t.turn_number}`,
    role: t.role,
    content: t.content,
    timestamp: t.started_at,
    offset_ms: Math.max(0, Date.parse(t.started_at) - t0),
    duration_ms: Math.max(0, Date.parse(t.ended_at) - Date.parse(t.started_at)),
    session_id: sessionId,
    node_id: t.node_id,
    question_key: t.question_key,
    entry_type: t.entry_type,
    confidence: null,
    turn_number: t.turn_number,
  }));
}

/** Finalize the store run when the interview ended; otherwise drain the outbox (the run stays resumable). */
export async function finishStore(
  store: { client: StoreClient; sessionId: string },
  runId: string,
  state: EngineState,
  now: number,
  timeoutMs: number,
): Promise<StoreOutcome> {
  const outcome = { run_id: runId, session_id: store.sessionId };
  if (state.status === 'ended') {
    const fin = await store.client.finalize(
      { ended_at: new Date(state.ended_at ?? now).toISOString(), reason: state.end_reason ?? 'completed' },
      { timeoutMs },
    );
    return {
      ...outcome,
      finalized: fin.finalized,
      pending: fin.pending,
      dead_letters: store.client.outbox.stats.dead,
    };
  }
  const d = await store.client.drain(timeoutMs);
  return { ...outcome, finalized: false, pending: d.pending, dead_letters: store.client.outbox.stats.dead };
}
