import type { Blueprint, BlueprintNode } from '../blueprint/schema.js';
import type { Conductor, Interpretation, Turn } from '../conductor/types.js';
import { start, step } from '../engine/index.js';
import { DEFAULT_TEXTS } from '../engine/texts.js';
import type { EngineAction, EngineEvent, EngineState } from '../engine/types.js';
import type { LiveEvent, TurnBody } from '../store-client/types.js';
import { entryTypeOf, iso, liveEventsFor, spokenFallback, turnBodyOf } from './actions.js';
import type {
  InterviewLogger,
  InterviewSessionOptions,
  InterviewSink,
  InterviewTurn,
  ParticipantUtterance,
  Utterance,
} from './types.js';

export type {
  InterviewLogger,
  InterviewSessionOptions,
  InterviewSink,
  InterviewTurn,
  ParticipantUtterance,
  Utterance,
} from './types.js';
export { liveEventsFor } from './actions.js';

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
  private readonly conductor: Conductor;
  private readonly sink: InterviewSink;
  private readonly now: () => number;
  private readonly logger: InterviewLogger | undefined;
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
      this._state = r.state;
      this.commitStep([], r.actions, event.type === 'participant_left' ? [] : null);
      return this.utterance(r.actions, undefined, undefined);
    });
  }

  /** A final participant transcript: interpret, step, and phrase the reply. */
  respond(input: ParticipantUtterance, signal?: AbortSignal): Promise<Utterance> {
    return this.take(input, false, signal);
  }

  /**
   * The participant spoke over the agent before the question was fully heard: record what they said,
   * but do not count it as an answer — the question is asked again (engine `repeat_requested`).
   */
  respondUnheard(input: ParticipantUtterance): Promise<Utterance> {
    return this.take(input, true, undefined);
  }

  private take(
    input: ParticipantUtterance,
    unheard: boolean,
    signal: AbortSignal | undefined,
  ): Promise<Utterance> {
    return this.serial(async () => {
      const text = input.text.trim();
      const nodeId = this._state.current_node;
      const node: BlueprintNode = this.currentNode ?? {
        type: 'consent',
        key: 'consent',
        text: DEFAULT_TEXTS.consent_request,
        max_visits: 1,
      };
      const ended = input.endedAt ?? this.now();
      const pTurn: InterviewTurn = {
        turn_number: this.nextTurn++,
        role: 'participant',
        content: text,
        started_at: iso(input.startedAt ?? ended),
        ended_at: iso(ended),
        node_id: nodeId,
        question_key:
          node !== undefined && 'key' in node && node.key !== undefined
            ? node.key
            : this._state.status === 'awaiting_consent'
              ? 'consent'
              : null,
        entry_type: 'utterance',
        confidence: input.confidence,
      };
      if (unheard) {
        const r = step(this.blueprint, this._state, { type: 'repeat_requested' }, this.now());
        this._state = r.state;
        this.commitStep([{ turn: pTurn, evaluation: { kind: 'interrupted_question' } }], r.actions, null);
        return this.utterance(r.actions, undefined, text);
      }
      const interpretation = await this.conductor.interpret({
        blueprint: this.blueprint,
        state: this._state,
        node,
        utterance: text,
        history: this.history,
        turn: pTurn.turn_number,
        signal,
      });
      const actions: EngineAction[] = [];
      for (const ev of interpretation.events) {
        const r = step(this.blueprint, this._state, ev, this.now());
        this._state = r.state;
        actions.push(...r.actions);
      }
      const evaluation: Record<string, unknown> = {
        kind: interpretation.kind,
        source: interpretation.notes.source,
        objective_met: interpretation.notes.objective_met,
        fields: interpretation.notes.fields,
        probe: interpretation.notes.probe,
        ...(interpretation.notes.value !== undefined ? { value: interpretation.notes.value } : {}),
      };
      this.commitStep([{ turn: pTurn, evaluation }], actions, null);
      return this.utterance(actions, interpretation, text);
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
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

  /** Phrase the actions; the returned stream records the agent turn once fully consumed. */
  private utterance(
    actions: readonly EngineAction[],
    interpretation: Interpretation | undefined,
    lastUtterance: string | undefined,
  ): Utterance {
    let resolveDone!: (t: InterviewTurn | null) => void;
    const done = new Promise<InterviewTurn | null>((r) => (resolveDone = r));
    const ends = actions.some((a) => a.type === 'end');
    const stateAfter = this._state;
    const hasSpeech = actions.some((a) => a.type === 'say' || a.type === 'ask' || a.type === 'follow_up');
    const nodeAction = actions.find(
      (a): a is Extract<EngineAction, { type: 'ask' | 'follow_up' }> =>
        a.type === 'ask' || a.type === 'follow_up',
    );
    const nodeId = nodeAction?.node_id ?? stateAfter.current_node;
    // the history the conductor sees: the participant's words are already in it (recorded before)
    const history = [...this.history];
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const text = (async function* () {
      if (!hasSpeech) {
        resolveDone(null);
        return;
      }
      const started = self.now();
      let said = '';
      try {
        for await (const chunk of self.conductor.speak({
          blueprint: self.blueprint,
          state: stateAfter,
          actions,
          history,
          lastUtterance,
          interpretation,
        })) {
          said += chunk;
          yield chunk;
        }
      } catch (error) {
        self.logger?.warn({ err: String(error) }, 'conductor.speak failed: speaking the fixed texts');
        if (said === '') {
          said = spokenFallback(actions);
          yield said;
        }
      } finally {
        said = said.trim();
        if (said === '') resolveDone(null);
        else {
          self.onAgentSpoken?.(said);
          const node = nodeId === null ? undefined : self.blueprint.graph.nodes[nodeId];
          const turn: InterviewTurn = {
            turn_number: self.nextTurn++,
            role: 'agent',
            content: said,
            started_at: iso(started),
            ended_at: iso(self.now()),
            node_id: nodeId,
            question_key: node !== undefined && 'key' in node && node.key !== undefined ? node.key : null,
            entry_type: entryTypeOf(actions),
          };
          self.sink.record([{ turn: self.turnBody(turn) }]);
          self.transcript.push(turn);
          self.history.push({ role: 'agent', content: said, node_id: nodeId });
          resolveDone(turn);
        }
      }
    })();
    return { actions, interpretation, text, done, ends, asks: nodeAction !== undefined };
  }
}
