import type { Blueprint, BlueprintNode } from '../blueprint/schema.js';
import type { Conductor, Interpretation, Turn } from '../conductor/types.js';
import { start, step } from '../engine/index.js';
import type { EngineAction, EngineEvent, EngineState, LoopReason } from '../engine/types.js';
import type { LiveEvent, TurnBody } from '../store-client/types.js';
import { CONSENT_NODE, entryTypeOf, iso, liveEventsFor, participantTurnOf, turnBodyOf } from './actions.js';
import { speculate, type SpeculationHost } from './speculation.js';
import { phrase, type PhrasePlan } from './utterance.js';
import type {
  InterviewLogger,
  InterviewSessionOptions,
  InterviewSink,
  InterviewTurn,
  ParticipantUtterance,
  Snapshot,
  Computed,
  Speculation,
  Utterance,
} from './types.js';

export type {
  InterviewLogger,
  InterviewSessionOptions,
  InterviewSink,
  InterviewTurn,
  ParticipantUtterance,
  Speculation,
  Utterance,
} from './types.js';
export { liveEventsFor } from './actions.js';

/**
 * What the engine needs from an interpretation besides its events: the loop-guard reason of a re-prompt
 * (from the interpretation's kind) and the confidence of an answer (from its notes).
 */
export function withEngineHints(ev: EngineEvent, interp: Interpretation): EngineEvent {
  if (ev.type === 'repeat_requested' && ev.reason === undefined) {
    const reason = LOOP_REASON[interp.kind];
    return reason === undefined ? ev : { ...ev, reason };
  }
  if (ev.type === 'answered' && ev.confidence === undefined && interp.notes.confidence !== undefined)
    return { ...ev, confidence: interp.notes.confidence };
  return ev;
}

const LOOP_REASON: Partial<Record<Interpretation['kind'], LoopReason>> = {
  repeat: 'repeat',
  clarification_question: 'clarify',
  unclear: 'unclear',
  off_topic: 'off_topic',
};

/**
 * One interview, push-driven: the SHARED turn loop of the voice worker and the text console. The
 * engine decides; the conductor interprets and phrases; this class only sequences them and records:
 *
 *   participant final transcript → record the participant turn → conductor.interpret → engine.step for
 *   each event → record live events + an `engine_state` snapshot → conductor.speak (streamed) → when the
 *   text is complete, record the agent turn.
 *
 * Fixed openings (intro / welcome back), DTMF consent, idle timeouts and clock ticks go through
 * `handle(event)`, which steps the engine and returns the utterance to speak. No LiveKit types here.
 */

export class InterviewSession {
  readonly blueprint: Blueprint;
  readonly conductor: Conductor;
  private readonly sink: InterviewSink;
  readonly now: () => number;
  readonly logger: InterviewLogger | undefined;
  private readonly onAgentSpoken: ((text: string) => void) | undefined;
  readonly sessionId: string;
  readonly runId: string;
  private _state: EngineState;
  readonly transcript: InterviewTurn[];
  private readonly history: Turn[];
  private nextTurn: number;
  private lastStatus: string | null = null;
  /** Serialises steps: a DTMF digit and a spoken answer never step the engine concurrently. */
  private chain: Promise<unknown> = Promise.resolve();
  /** Steps queued or running on the chain. */
  private queued = 0;
  /** Bumped whenever the engine state changes: a speculation computed on an older state is stale. */
  private version = 0;
  /** The last answer's step, while nothing else has stepped since: what `respondResumed` takes back. */
  private lastAnswer: { before: Snapshot; text: string; turnNumber: number; version: number } | null = null;

  constructor(opts: InterviewSessionOptions) {
    this.blueprint = opts.blueprint;
    this.conductor = opts.conductor;
    this.sink = opts.sink;
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger;
    this.onAgentSpoken = opts.onAgentSpoken;
    this.sessionId = opts.sessionId;
    this.runId = opts.run.run_id;
    this.transcript = [...(opts.resume?.history ?? [])].sort((a, b) => a.turn_number - b.turn_number);
    this.history = this.transcript.map((t) => ({ role: t.role, content: t.content, node_id: t.node_id }));
    this.nextTurn = this.transcript.reduce((m, t) => Math.max(m, t.turn_number + 1), 0);
    this._state = opts.resume?.state ?? start(opts.blueprint, opts.run, this.now()).state;
  }

  get state(): EngineState {
    return this._state;
  }

  get ended(): boolean {
    return this._state.status === 'ended';
  }

  /** The node the participant is answering (null before the first question / at consent). */
  get currentNode(): BlueprintNode | undefined {
    const id = this._state.current_node;
    return id === null ? undefined : this.blueprint.graph.nodes[id];
  }

  /** The session starts: `session_started` for a new run, `session_resumed` (welcome back) otherwise. */
  begin(): Promise<Utterance> {
    const resumed = this._state.status !== 'not_started';
    const event: EngineEvent = resumed
      ? { type: 'session_resumed', session_id: this.sessionId }
      : { type: 'session_started', session_id: this.sessionId };
    return this.handle(event);
  }

  /** Feed a non-speech event (consent by DTMF, silence_timeout, tick, end_requested, participant_left). */
  handle(event: EngineEvent): Promise<Utterance> {
    return this.serial(async () => {
      const r = step(this.blueprint, this._state, event, this.now());
      // a clock tick that changed nothing (no action, same status) leaves the last answer resumable
      const quiet = event.type === 'tick' && r.actions.length === 0 && r.state.status === this._state.status;
      const resumable = quiet && this.lastAnswer?.version === this.version ? this.lastAnswer : null;
      this.setState(r.state);
      if (resumable !== null) this.lastAnswer = { ...resumable, version: this.version };
      this.commitStep([], r.actions, event.type === 'participant_left' ? [] : null);
      const history = [...this.history];
      const plan = { ...r, interpretation: undefined, lastUtterance: undefined, history };
      return phrase(this, plan);
    });
  }

  /** A final participant transcript: interpret, step, and phrase the reply. */
  respond(input: ParticipantUtterance, signal?: AbortSignal): Promise<Utterance> {
    return this.serial(async () => {
      const text = input.text.trim();
      const snap = this.snapshot();
      const computed = await this.compute(text, snap, signal);
      this.apply(text, input, snap, computed);
      return phrase(this, this.plan(text, snap, computed, undefined, signal));
    });
  }

  /**
   * The participant spoke over the agent before the question was fully heard: record what they said,
   * but do not count it as an answer — the question is asked again (engine `repeat_requested`).
   */
  respondUnheard(input: ParticipantUtterance): Promise<Utterance> {
    return this.serial(() => this.unheard(input));
  }

  /**
   * The participant went on with their last answer after a pause the turn-taking took for its end: the
   * reply to it was cut off before it was heard. That answer's step is taken back and the two parts are
   * read again as one answer at its node ("Seven. … Actually, no, more like a six."); this turn's
   * evaluation names the turn it `resumes`. When the last step was not that answer's (something else
   * stepped since, or the interview ended), this is `respondUnheard`.
   */
  respondResumed(input: ParticipantUtterance): Promise<Utterance> {
    return this.serial(async () => {
      const last = this.lastAnswer;
      if (last === null || last.version !== this.version || this.ended) return this.unheard(input);
      const text = input.text.trim();
      const whole = `${last.text} ${text}`;
      const snap: Snapshot = { ...last.before, version: this.version, nextTurn: this.nextTurn };
      const computed = await this.compute(whole, snap, undefined);
      this.apply(text, input, snap, computed, { resumes: last.turnNumber, text: whole });
      return phrase(this, this.plan(whole, snap, computed, undefined));
    });
  }

  /**
   * Why `respondResumed` could not take the last answer back now (null: it can): no answer yet, another
   * step since, a step queued or running, or the interview is over.
   */
  resumeBlocker(): 'no_answer' | 'stepped' | 'queued' | 'ended' | null {
    if (this.lastAnswer === null) return 'no_answer';
    if (this.lastAnswer.version !== this.version) return 'stepped';
    if (this.queued > 0) return 'queued';
    return this.ended ? 'ended' : null;
  }

  private async unheard(input: ParticipantUtterance): Promise<Utterance> {
    const text = input.text.trim();
    const snap = this.snapshot();
    const pTurn = participantTurnOf(this.nextTurn++, text, input, snap, this.now());
    const r = step(this.blueprint, this._state, { type: 'repeat_requested' }, this.now());
    this.setState(r.state);
    this.commitStep([{ turn: pTurn, evaluation: { kind: 'interrupted_question' } }], r.actions, null);
    return phrase(this, this.plan(text, snap, { ...r, interpretation: undefined }, undefined));
  }

  /**
   * Work out the reply to a transcript that is not final yet (preemptive generation) without touching
   * the interview: the conductor interprets and phrases on a copy of the state. `accept` commits it —
   * exactly as `respond` would have — when nothing changed the interview meanwhile; `discard` drops it.
   */
  speculate(text: string, confidence?: number): Speculation {
    return speculate(this.host, text, confidence);
  }

  /** The session as its speculations see it. */
  private readonly host: SpeculationHost = {
    current: (version) => version === this.version && this.queued === 0,
    snapshot: () => this.snapshot(),
    compute: (text, snap, signal, onAck, onCall) => this.compute(text, snap, signal, onAck, onCall),
    phrase: (text, snap, c, gate, signal, acknowledged) =>
      phrase(this, { ...this.plan(text, snap, c, gate, signal), acknowledged }),
    apply: (text, input, snap, c) => this.apply(text, input, snap, c),
    serial: (fn) => this.serial(fn),
  };

  private snapshot(): Snapshot {
    return {
      version: this.version,
      state: this._state,
      history: [...this.history],
      node: this.currentNode ?? CONSENT_NODE,
      nextTurn: this.nextTurn,
    };
  }

  /** interpret → engine steps, on the snapshot's state (nothing in the session changes). */
  private async compute(
    text: string,
    snap: Snapshot,
    signal: AbortSignal | undefined,
    onAcknowledgement?: (text: string) => void,
    onModelCall?: () => void,
  ): Promise<Computed> {
    const interpretation = await this.conductor.interpret({
      blueprint: this.blueprint,
      state: snap.state,
      node: snap.node,
      utterance: text,
      history: snap.history,
      turn: snap.nextTurn,
      signal,
      onAcknowledgement,
      onModelCall,
    });
    let state = snap.state;
    const actions: EngineAction[] = [];
    for (const raw of interpretation.events) {
      const ev = withEngineHints(raw, interpretation);
      const r = step(this.blueprint, state, ev, this.now());
      state = r.state;
      actions.push(...r.actions);
    }
    return { interpretation, state, actions };
  }

  private plan(
    text: string,
    snap: Snapshot,
    c: Omit<Computed, 'interpretation'> & { interpretation?: Interpretation | undefined },
    gate: Promise<boolean> | undefined,
    signal?: AbortSignal,
  ): PhrasePlan {
    // the history the conductor sees: the participant's words are in it (recorded before the reply)
    const said: Turn = { role: 'participant', content: text, node_id: snap.state.current_node };
    return {
      ...c,
      interpretation: c.interpretation,
      lastUtterance: text,
      history: [...snap.history, said],
      gate,
      signal,
    };
  }

  /**
   * Record the participant turn and its step (the state moves to the computed one). `resumed`: the turn
   * goes on with an earlier one, read together as `text`.
   */
  private apply(
    text: string,
    input: ParticipantUtterance,
    snap: Snapshot,
    c: Computed,
    resumed?: { resumes: number; text: string },
  ): void {
    const pTurn = participantTurnOf(this.nextTurn++, text, input, snap, this.now());
    this.setState(c.state);
    const notes = c.interpretation.notes;
    const evaluation: Record<string, unknown> = {
      kind: c.interpretation.kind,
      source: notes.source,
      objective_met: notes.objective_met,
      fields: notes.fields,
      probe: notes.probe,
      ...(notes.value !== undefined ? { value: notes.value } : {}),
      ...(resumed !== undefined ? { resumes: resumed.resumes } : {}),
    };
    this.commitStep([{ turn: pTurn, evaluation }], c.actions, null);
    this.lastAnswer = {
      before: snap,
      text: resumed?.text ?? text,
      turnNumber: resumed?.resumes ?? pTurn.turn_number,
      version: this.version,
    };
  }

  private setState(state: EngineState): void {
    this._state = state;
    this.version += 1;
  }

  recordAgentTurn(
    said: string,
    startedAt: number,
    nodeId: string | null,
    actions: readonly EngineAction[],
  ): InterviewTurn {
    this.onAgentSpoken?.(said);
    const node = nodeId === null ? undefined : this.blueprint.graph.nodes[nodeId];
    const turn: InterviewTurn = {
      turn_number: this.nextTurn++,
      role: 'agent',
      content: said,
      started_at: iso(startedAt),
      ended_at: iso(this.now()),
      node_id: nodeId,
      question_key: node !== undefined && 'key' in node && node.key !== undefined ? node.key : null,
      entry_type: entryTypeOf(actions),
    };
    this.sink.record([{ turn: this.turnBody(turn) }]);
    this.transcript.push(turn);
    this.history.push({ role: 'agent', content: said, node_id: nodeId });
    return turn;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    this.queued += 1;
    const run = (): Promise<T> => fn().finally(() => (this.queued -= 1));
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private turnBody(t: InterviewTurn, evaluation?: Record<string, unknown>): TurnBody {
    return turnBodyOf(t, this.sessionId, evaluation);
  }

  /** participant turn → events (+ status, engine_state) in one durable write. */
  private commitStep(
    turns: Array<{ turn: InterviewTurn; evaluation?: Record<string, unknown> }>,
    actions: readonly EngineAction[],
    onlyEvents: LiveEvent[] | null,
  ): void {
    const s = this._state;
    const events: LiveEvent[] = onlyEvents ?? [...liveEventsFor(actions)];
    const status =
      s.status === 'awaiting_consent'
        ? 'awaiting_consent'
        : s.status === 'active' || s.status === 'wrapping_up'
          ? 'active'
          : null;
    if (status !== null && `${status}/${s.consent}` !== this.lastStatus) {
      this.lastStatus = `${status}/${s.consent}`;
      events.push({ type: 'status', status, consent_status: s.consent });
    }
    events.push({ type: 'engine_state', state: s });
    const batch: Array<{ turn: TurnBody } | { events: readonly LiveEvent[] }> = [];
    for (const t of turns) batch.push({ turn: this.turnBody(t.turn, t.evaluation) });
    batch.push({ events });
    this.sink.record(batch);
    for (const { turn } of turns) {
      this.transcript.push(turn);
      this.history.push({ role: turn.role, content: turn.content, node_id: turn.node_id });
    }
  }
}
