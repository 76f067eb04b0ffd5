import type { Agent } from '../agent/schema.js';
import type { Blueprint, BlueprintNode } from '../blueprint/schema.js';
import type { Conductor, Interpretation, Turn } from '../conductor/types.js';
import type { EngineAction, EngineState, RunContextInput } from '../engine/types.js';
import type { LiveEvent, TurnBody } from '../store-client/types.js';
import type { SpokenText } from './speech-text.js';

/** The types of the shared turn loop (`InterviewSession`, src/interview/session.ts). */

export interface InterviewSink {
  /** Durable, ordered writes (the store client's `record`). */
  record(batch: ReadonlyArray<{ turn: TurnBody } | { events: readonly LiveEvent[] }>): void;
}

export interface InterviewTurn {
  turn_number: number;
  role: 'agent' | 'participant';
  content: string;
  started_at: string;
  ended_at: string;
  node_id: string | null;
  question_key: string | null;
  entry_type: 'utterance' | 'question' | 'follow_up' | 'statement' | 'system';
  confidence?: number | undefined;
}

export interface InterviewLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface InterviewSessionOptions {
  blueprint: Blueprint;
  agent: Agent;
  conductor: Conductor;
  run: RunContextInput;
  sessionId: string;
  sink: InterviewSink;
  /** Engine state and transcript to continue from (store session). */
  resume?: { state?: EngineState | undefined; history: readonly InterviewTurn[] } | undefined;
  now?: () => number;
  logger?: InterviewLogger;
  /**
   * Called once the agent's text is complete, before its end time is read: a virtual clock (console
   * simulations) advances by the speaking time here. The worker leaves it unset.
   */
  onAgentSpoken?: ((text: string) => void) | undefined;
}

/** The agent's next utterance: stream `text` into TTS; `done` resolves with the recorded turn. */
export interface Utterance {
  actions: readonly EngineAction[];
  interpretation?: Interpretation | undefined;
  text: SpokenText;
  /** Resolves once `text` was fully consumed (and the agent turn recorded), null when nothing was said. */
  done: Promise<InterviewTurn | null>;
  /** True when the engine ended the interview with this step (say the outro, then hang up). */
  ends: boolean;
  /** True when the utterance asks a question or a follow-up (an interruption means it was not heard). */
  asks: boolean;
}

export interface ParticipantUtterance {
  text: string;
  startedAt?: number | undefined;
  endedAt?: number | undefined;
  confidence?: number | undefined;
}

/**
 * A reply worked out from a transcript before the participant's turn is over (preemptive generation).
 * `reply` can be read (and re-read from the start) at once; nothing is recorded until `accept`.
 */
export interface Speculation {
  /** The transcript it was computed from (trimmed). */
  readonly text: string;
  readonly reply: SpokenText;
  /**
   * Commit it as the participant's turn (times and confidence from the final transcript): null when the
   * interview moved on since it started (its reply must not be used); otherwise the utterance, whose
   * `text` replays `reply`. Rejects when the conductor failed.
   */
  accept(input: Promise<Omit<ParticipantUtterance, 'text'>>): Promise<Utterance> | null;
  /** Drop it: its model calls are aborted and nothing is recorded. */
  discard(): void;
  /** Model calls it has started so far (wasted when it is dropped). */
  modelCalls(): number;
}

/** The interview as a reply (or a speculation) found it. */
export interface Snapshot {
  /** The session's state version then (see `Speculation.accept`). */
  version: number;
  state: EngineState;
  history: Turn[];
  /** The node being answered (the consent pseudo-node before the first question). */
  node: BlueprintNode;
  nextTurn: number;
}

/** What the conductor and the engine made of an utterance, not applied yet. */
export interface Computed {
  interpretation: Interpretation;
  state: EngineState;
  actions: readonly EngineAction[];
}
