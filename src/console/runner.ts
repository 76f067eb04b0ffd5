import type { Agent } from '../agent/schema.js';
import type { TranscriptEntry } from '../analysis/types.js';
import type { Blueprint, BlueprintNode } from '../blueprint/schema.js';
import type { Conductor, Interpretation, Turn } from '../conductor/types.js';
import { start, step } from '../engine/index.js';
import { DEFAULT_TEXTS } from '../engine/texts.js';
import type {
  EngineAction,
  EngineEvent,
  EngineState,
  ProbeLedgerEntry,
  RunContextInput,
} from '../engine/types.js';
import { buildResponses } from '../responses/build.js';
import type { Responses } from '../responses/types.js';
import type { StoreClient } from '../store-client/client.js';
import type { LiveEvent, TurnBody } from '../store-client/types.js';
import { buildTurnNotes, formatTurnNotes, type TurnNotes } from './notes.js';
import type { ConsoleParticipant, PromptContext } from './participant.js';
import type { Renderer } from './render.js';

/**
 * One interview in the console: the engine decides, the conductor interprets and phrases — the same code
 * the voice worker runs — and this loop only moves text between them, the participant, the terminal and
 * (optionally) the store. Nothing here routes or assesses.
 *
 * Per participant utterance: interpret → engine `step` for each event → speak the resulting actions →
 * record [participant turn, live events + engine_state, agent turn] in ONE durable outbox write → print.
 * Recording before printing means that what the participant has seen is what a resume continues from.
 */

/** A transcript turn as the console keeps it (and sends it to the store). */
export interface ConsoleTurn {
  turn_number: number;
  role: 'agent' | 'participant';
  content: string;
  started_at: string;
  ended_at: string;
  node_id: string | null;
  question_key: string | null;
  entry_type: 'utterance' | 'question' | 'follow_up' | 'statement' | 'system';
}

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
  transcript: ConsoleTurn[];
  turn_notes: TurnNotes[];
  state: EngineState;
  /** Time from the first to the last turn, ms (virtual time in simulations). */
  duration_ms: number;
  store?:
    | { run_id: string; session_id: string; finalized: boolean; pending: number; dead_letters: number }
    | undefined;
}

const realClock: ConsoleClock = { now: () => Date.now() };

function spokenText(actions: readonly EngineAction[]): string {
  const parts: string[] = [];
  for (const a of actions) {
    if (a.type === 'say' || a.type === 'ask') parts.push(a.text);
    else if (a.type === 'follow_up') parts.push(a.question_text);
  }
  return parts.join(' ');
}

function entryTypeOf(actions: readonly EngineAction[]): ConsoleTurn['entry_type'] {
  if (actions.some((a) => a.type === 'follow_up')) return 'follow_up';
  if (actions.some((a) => a.type === 'ask' || (a.type === 'say' && a.kind === 'consent_request')))
    return 'question';
  return 'statement';
}

function keyOf(bp: Blueprint, nodeId: string | null): string | null {
  if (nodeId === null) return null;
  const node = bp.graph.nodes[nodeId];
  return node !== undefined && 'key' in node ? node.key : null;
}

/** Live events for the store from one batch of engine actions. */
export function liveEventsFor(actions: readonly EngineAction[]): LiveEvent[] {
  const events: LiveEvent[] = [];
  for (const a of actions) {
    switch (a.type) {
      case 'node_entered':
        events.push({ type: 'node_entered', node_id: a.node_id, node_type: a.node_type });
        break;
      case 'follow_up':
        if (a.repeat !== true) {
          events.push({
            type: 'follow_up',
            node_id: a.node_id,
            key: a.key,
            technique: a.technique,
            reason: a.reason,
            index: a.index,
          });
        }
        break;
      case 'progress':
        events.push({ type: 'progress', progress: a.progress });
        break;
      default:
        break;
    }
  }
  return events;
}

function storeStatus(state: EngineState): 'awaiting_consent' | 'active' | null {
  if (state.status === 'awaiting_consent') return 'awaiting_consent';
  if (state.status === 'active' || state.status === 'wrapping_up') return 'active';
  return null;
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

export async function runConsoleInterview(opts: RunnerOptions): Promise<ConsoleResult> {
  const { blueprint: bp, agent, conductor, participant, renderer } = opts;
  const clock = opts.clock ?? realClock;
  const store = opts.store;
  const transcript: ConsoleTurn[] = [...(opts.resume?.history ?? [])];
  const history: Turn[] = transcript.map((t) => ({ role: t.role, content: t.content, node_id: t.node_id }));
  const allNotes: TurnNotes[] = [];
  let nextTurn = transcript.reduce((m, t) => Math.max(m, t.turn_number + 1), 0);
  let lastStatus: string | null = null;
  const maxTurns = opts.maxParticipantTurns ?? 500;

  let state: EngineState = opts.resume?.state ?? start(bp, opts.run, clock.now()).state;
  const resuming = opts.resume !== undefined && state.status !== 'not_started';

  for (const t of transcript) {
    if (t.role === 'agent') renderer.agent(t.content);
    else renderer.participant(t.content);
  }
  if (resuming) renderer.info(`resuming run ${opts.run.run_id} at ${state.current_node ?? '(start)'}`);

  const iso = (ms: number): string => new Date(ms).toISOString();

  /** Speak a batch of actions: returns the agent turn (not yet recorded) or null when nothing is said. */
  const speak = async (
    actions: readonly EngineAction[],
    interpretation: Interpretation | undefined,
    lastUtterance: string | undefined,
  ): Promise<ConsoleTurn | null> => {
    let text = '';
    try {
      for await (const chunk of conductor.speak({
        blueprint: bp,
        state,
        actions,
        history,
        lastUtterance,
        interpretation,
      })) {
        text += chunk;
      }
    } catch {
      text = spokenText(actions);
    }
    text = text.trim();
    if (text === '') return null;
    const started = clock.now();
    clock.spoke?.('agent', text);
    const nodeAction = actions.find(
      (a): a is Extract<EngineAction, { type: 'ask' | 'follow_up' }> =>
        a.type === 'ask' || a.type === 'follow_up',
    );
    const nodeId = nodeAction?.node_id ?? state.current_node;
    const turn: ConsoleTurn = {
      turn_number: nextTurn++,
      role: 'agent',
      content: text,
      started_at: iso(started),
      ended_at: iso(clock.now()),
      node_id: nodeId,
      question_key: keyOf(bp, nodeId),
      entry_type: entryTypeOf(actions),
    };
    return turn;
  };

  const turnBody = (t: ConsoleTurn, evaluation?: Record<string, unknown>): TurnBody => ({
    turn_number: t.turn_number,
    role: t.role,
    content: t.content,
    started_at: t.started_at,
    ended_at: t.ended_at,
    ...(store !== undefined ? { session_id: store.sessionId } : {}),
    ...(t.node_id !== null ? { node_id: t.node_id } : {}),
    ...(t.question_key !== null ? { question_key: t.question_key } : {}),
    entry_type: t.entry_type,
    ...(evaluation !== undefined ? { evaluation } : {}),
  });

  /** Record one exchange durably (one outbox write), then keep it locally. */
  const commit = (
    turns: Array<{ turn: ConsoleTurn; evaluation?: Record<string, unknown> }>,
    actions: readonly EngineAction[],
  ): void => {
    if (store !== undefined) {
      const events: LiveEvent[] = [...liveEventsFor(actions)];
      const status = storeStatus(state);
      if (status !== null && `${status}/${state.consent}` !== lastStatus) {
        lastStatus = `${status}/${state.consent}`;
        events.push({ type: 'status', status, consent_status: state.consent });
      }
      events.push({ type: 'engine_state', state });
      const items: Parameters<StoreClient['record']>[0][number][] = [];
      const [first, ...rest] = turns;
      // participant turn → events → agent turn (chronological)
      if (first !== undefined && first.turn.role === 'participant') {
        items.push({ turn: turnBody(first.turn, first.evaluation) });
        items.push({ events: [{ type: 'agent_state', state: 'thinking' }, ...events] });
        for (const r of rest) items.push({ turn: turnBody(r.turn, r.evaluation) });
      } else {
        items.push({ events });
        for (const r of turns) items.push({ turn: turnBody(r.turn, r.evaluation) });
      }
      if (state.status !== 'ended') items.push({ events: [{ type: 'agent_state', state: 'listening' }] });
      store.client.record(items);
    }
    for (const { turn } of turns) {
      transcript.push(turn);
      history.push({ role: turn.role, content: turn.content, node_id: turn.node_id });
    }
  };

  // ── the session starts (or resumes)
  if (state.status === 'ended') {
    renderer.info(`run ${opts.run.run_id} has already ended (${state.end_reason ?? 'unknown'})`);
  } else {
    const event: EngineEvent = resuming
      ? { type: 'session_resumed', session_id: store?.sessionId ?? 'console' }
      : { type: 'session_started', session_id: store?.sessionId ?? 'console' };
    const before = state;
    const r = step(bp, state, event, clock.now());
    state = r.state;
    const agentTurn = await speak(r.actions, undefined, undefined);
    commit(agentTurn !== null ? [{ turn: agentTurn }] : [], r.actions);
    if (agentTurn !== null) renderer.agent(agentTurn.content);
    const notes = buildTurnNotes({
      blueprint: bp,
      agent,
      before,
      after: state,
      actions: r.actions,
      interpretation: null,
      now: clock.now(),
    });
    renderer.notes(notes.entered.map((n) => `→ node ${n.id} (${n.type})`));
  }

  // ── the conversation
  let left = false;
  let participantTurns = 0;
  while (state.status !== 'ended') {
    if (participantTurns >= maxTurns) {
      renderer.status(`stopping: more than ${maxTurns} participant turns`);
      left = true;
      break;
    }
    const currentId = state.current_node;
    const lastAgent = [...transcript].reverse().find((t) => t.role === 'agent');
    const currentNode = currentId === null ? undefined : bp.graph.nodes[currentId];
    const ctx: PromptContext = {
      nodeId: currentId,
      key:
        currentNode !== undefined && 'key' in currentNode
          ? currentNode.key
          : state.status === 'awaiting_consent'
            ? 'consent'
            : null,
      nodeType: currentNode?.type ?? (state.status === 'awaiting_consent' ? 'consent' : null),
      agentText: lastAgent?.content ?? '',
      attempt: state.current_follow_ups,
    };
    const utterance = await participant.next(ctx);
    if (utterance === null) {
      left = true;
      const r = step(bp, state, { type: 'participant_left' }, clock.now());
      state = r.state;
      if (store !== undefined) store.client.record([{ events: [{ type: 'engine_state', state }] }]);
      break;
    }
    participantTurns += 1;
    if (participant.scripted) renderer.participant(utterance);
    const started = clock.now();
    clock.spoke?.('participant', utterance);
    const pTurn: ConsoleTurn = {
      turn_number: nextTurn++,
      role: 'participant',
      content: utterance,
      started_at: iso(started),
      ended_at: iso(clock.now()),
      node_id: currentId,
      question_key: keyOf(bp, currentId) ?? (state.status === 'awaiting_consent' ? 'consent' : null),
      entry_type: 'utterance',
    };
    const node: BlueprintNode = currentNode ?? {
      type: 'consent',
      key: 'consent',
      text: DEFAULT_TEXTS.consent_request,
      max_visits: 1,
    };
    const interpretation = await conductor.interpret({
      blueprint: bp,
      state,
      node,
      utterance,
      history,
      turn: pTurn.turn_number,
    });
    const before = state;
    const actions: EngineAction[] = [];
    for (const ev of interpretation.events) {
      const r = step(bp, state, ev, clock.now());
      state = r.state;
      actions.push(...r.actions);
    }
    // The participant's words join the history before phrasing (follow-ups may refer to them).
    history.push({ role: 'participant', content: utterance, node_id: currentId });
    const agentTurn = await speak(actions, interpretation, utterance);
    history.pop();
    const notes = buildTurnNotes({
      blueprint: bp,
      agent,
      before,
      after: state,
      actions,
      interpretation,
      now: clock.now(),
    });
    allNotes.push(notes);
    const evaluation: Record<string, unknown> = {
      kind: interpretation.kind,
      source: interpretation.notes.source,
      objective_met: interpretation.notes.objective_met,
      fields: interpretation.notes.fields,
      probe: interpretation.notes.probe,
      ...(interpretation.notes.value !== undefined ? { value: interpretation.notes.value } : {}),
    };
    commit([{ turn: pTurn, evaluation }, ...(agentTurn !== null ? [{ turn: agentTurn }] : [])], actions);
    renderer.notes(formatTurnNotes(notes));
    if (agentTurn !== null) renderer.agent(agentTurn.content);
  }

  let storeResult: ConsoleResult['store'];
  if (store !== undefined) {
    if (state.status === 'ended') {
      const fin = await store.client.finalize(
        { ended_at: iso(state.ended_at ?? clock.now()), reason: state.end_reason ?? 'completed' },
        { timeoutMs: opts.finalizeTimeoutMs ?? 30_000 },
      );
      storeResult = {
        run_id: opts.run.run_id,
        session_id: store.sessionId,
        finalized: fin.finalized,
        pending: fin.pending,
        dead_letters: store.client.outbox.stats.dead,
      };
    } else {
      const d = await store.client.drain(opts.finalizeTimeoutMs ?? 30_000);
      storeResult = {
        run_id: opts.run.run_id,
        session_id: store.sessionId,
        finalized: false,
        pending: d.pending,
        dead_letters: store.client.outbox.stats.dead,
      };
    }
  }

  const first = transcript[0];
  const last = transcript.at(-1);
  return {
    run_id: opts.run.run_id,
    status: state.status,
    end_reason: state.end_reason,
    left,
    path_taken: [...state.path_taken],
    responses: buildResponses({
      blueprint: bp,
      state,
      transcript: toTranscriptEntries(transcript, store?.sessionId ?? 'console'),
    }),
    probe_ledger: [...state.probe_ledger],
    transcript,
    turn_notes: allNotes,
    state,
    duration_ms:
      first !== undefined && last !== undefined
        ? Date.parse(last.ended_at) - Date.parse(first.started_at)
        : 0,
    store: storeResult,
  };
}
