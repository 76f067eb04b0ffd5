import { z } from 'zod';
import { techniqueSchema, type Blueprint, type BlueprintNode } from '../blueprint/schema.js';
import { engineEventSchema, fieldValueSchema, type EngineAction, type EngineState } from '../engine/types.js';
import type { Agent } from '../agent/schema.js';
import type { ProviderConnection } from '../llm/connection.js';

/** One transcript turn as the conductor sees it (the store's transcript entry, reduced). */
export const turnSchema = z.object({
  role: z.enum(['agent', 'participant']),
  content: z.string().max(100_000),
  /** The node current when the turn was spoken (null for intro/outro). */
  node_id: z.string().nullable().optional(),
});
export type Turn = z.infer<typeof turnSchema>;

export const interpretationKindSchema = z.enum([
  'answer',
  'refusal',
  'skip',
  'dont_know',
  'repeat',
  'end',
  'off_topic',
  'clarification_question',
  /** A typed answer (yes/no, choice, rating, consent) that could not be parsed: ask again. */
  'unclear',
]);
export type InterpretationKind = z.infer<typeof interpretationKindSchema>;

/** For the console's dimmed view and logs. Never contains the participant's words. */
export const interpretationNotesSchema = z.object({
  /** Where the interpretation came from: offline rules, the model, or the safe fallback after model errors. */
  source: z.enum(['offline', 'llm', 'fallback']),
  objective_met: z.boolean().nullable(),
  /** Typed answer of yes_no / choice / rating / consent nodes. */
  value: fieldValueSchema.optional(),
  fields: z.record(z.string(), fieldValueSchema),
  probe: z.object({ technique: techniqueSchema, reason: z.string() }).nullable(),
  /** Sensitive topic mentioned (from `boundaries.sensitive_topics`): never probed. */
  sensitive_topic: z.string().nullable(),
  /** Short human-readable explanation (e.g. `unclear: no option recognised`). */
  detail: z.string().optional(),
  /** Model calls made for this interpretation (0 offline; 1 normally; 2 after a retry). */
  model_calls: z.number().int().min(0),
  /**
   * How sure the interpretation is of its typed value / fields, in [0, 1]; absent = 1. Below 0.8 (a
   * hedge, a range straddling a threshold, conflicting statements, an indirect answer resolved by a
   * heuristic) the engine confirms before a decisive route.
   */
  confidence: z.number().min(0).max(1).optional(),
  /** Capture fields of LATER nodes that this answer already gives: `{node_id: {field: value}}`. */
  prefill: z.record(z.string(), z.record(z.string(), fieldValueSchema)).optional(),
});
export type InterpretationNotes = z.infer<typeof interpretationNotesSchema>;

/** Words prepared during interpretation so that `speak` needs no second model round trip. */
export const wordingSchema = z.object({
  /** Short transition said before the next question ("Thanks, that's helpful."). */
  acknowledgement: z.string().max(300).optional(),
  /** The follow-up question, when the interpretation proposes a probe. */
  follow_up: z.string().max(1000).optional(),
  /** Reply to a clarification question or an off-topic remark, said before the question is re-asked. */
  reply: z.string().max(1000).optional(),
  /**
   * The acknowledgement already sent to speech while the assessment was streaming (`onAcknowledgement`):
   * the reply then starts without one of its own — never a second acknowledgement.
   */
  spoken_acknowledgement: z.string().max(300).optional(),
});
export type Wording = z.infer<typeof wordingSchema>;

export const interpretationSchema = z.object({
  kind: interpretationKindSchema,
  /** Feed these to the engine's `step`, in order (usually exactly one). */
  events: z.array(engineEventSchema),
  notes: interpretationNotesSchema,
  wording: wordingSchema,
  latency_ms: z.number().min(0).optional(),
});
export type Interpretation = z.infer<typeof interpretationSchema>;

export interface InterpretInput {
  blueprint: Blueprint;
  state: EngineState;
  /** The current node (`state.current_node`). */
  node: BlueprintNode;
  utterance: string;
  /** Transcript so far, oldest first, NOT including `utterance`. */
  history: readonly Turn[];
  /** Transcript turn number of `utterance` (goes into the engine events). */
  turn: number;
  signal?: AbortSignal | undefined;
  /**
   * Called at most once, as soon as a streaming assessment's acknowledgement is complete and valid (before
   * the rest of the assessment has arrived), so that speech can start early.
   */
  onAcknowledgement?: ((text: string) => void) | undefined;
  /** Called as each model call starts (a dropped speculation's calls are counted as wasted). */
  onModelCall?: (() => void) | undefined;
}

export interface SpeakInput {
  blueprint: Blueprint;
  /** The engine state AFTER the step that produced `actions`. */
  state: EngineState;
  actions: readonly EngineAction[];
  history: readonly Turn[];
  /** What the participant just said (for follow-ups that refer to it). */
  lastUtterance?: string | undefined;
  /** The interpretation that led to these actions: supplies prepared wording and transitions. */
  interpretation?: Interpretation | undefined;
  signal?: AbortSignal | undefined;
}

export interface Conductor {
  /** Classify and assess a participant utterance at the current node → the engine event(s) for `step`. */
  interpret(input: InterpretInput): Promise<Interpretation>;
  /**
   * Turn the engine actions of one step into the agent's next utterance (one utterance per batch).
   * Yields text chunks as soon as they are available; fixed texts come as one chunk.
   */
  speak(input: SpeakInput): AsyncIterable<string>;
}

/** The subset of a pino logger the conductor uses. */
export interface ConductorLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ConductorOptions {
  agent: Agent;
  /** `offline`: deterministic rules, no network. `llm`: the agent's model_config providers. */
  mode: 'offline' | 'llm';
  openai?: ProviderConnection | undefined;
  anthropic?: ProviderConnection | undefined;
  logger: ConductorLogger;
  /** Clock for latency measurements (ms). */
  now(): number;
  /** Per model call; the assessment is retried once within the turn, so a turn waits at most ~2×. Default 8000. */
  timeoutMs?: number | undefined;
}
