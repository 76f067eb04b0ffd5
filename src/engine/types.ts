import { z } from 'zod';
import { techniqueSchema } from '../blueprint/schema.js';

/**
 * The engine's data shapes. The engine is pure: `start(blueprint, run, now)` and
 * `step(blueprint, state, event, now) → { state, actions }`. These shapes cross process boundaries
 * (worker → store, console → store, resume), so every one is a zod schema parsed where it enters.
 * Times are epoch milliseconds.
 */

const jsonScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const fieldValueSchema = z.union([jsonScalar, z.array(jsonScalar)]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

export const participantSchema = z.object({
  name: z.string().max(200).optional(),
  external_id: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type Participant = z.infer<typeof participantSchema>;

/** Everything about the run the engine needs besides the blueprint. */
export const runContextSchema = z.object({
  run_id: z.string().min(1),
  participant: participantSchema.default({}),
  /** Variable values as supplied when the run was created (defaults applied by `start`). */
  vars: z.record(z.string(), z.string()).default({}),
  /** Agent-wide limits (agent `boundaries`); the smaller of this and the node budget wins. */
  limits: z
    .object({
      max_follow_ups_per_question: z.number().int().min(0).max(10).optional(),
      /** Idle prompts before the engine ends with reason `idle`. */
      max_silence_prompts: z.number().int().min(0).max(5).default(1),
    })
    .default({ max_silence_prompts: 1 }),
});
export type RunContext = z.infer<typeof runContextSchema>;
export type RunContextInput = z.input<typeof runContextSchema>;

export const probeSchema = z.object({ technique: techniqueSchema, reason: z.string().max(1000) });
export type Probe = z.infer<typeof probeSchema>;

/** What the conductor (LLM or offline rules) concluded about one participant answer. */
export const assessmentSchema = z.object({
  /** Was the node's objective met by everything said so far at this node? */
  objective_met: z.boolean(),
  /** Structured capture fields stated by the participant (by capture field name). */
  fields: z.record(z.string(), fieldValueSchema).default({}),
  /** The typed answer of yes_no / choice / rating nodes (`<key>.value` in conditions). */
  value: fieldValueSchema.optional(),
  /** A follow-up worth asking, if any. The engine decides whether the budget allows it. */
  probe: probeSchema.nullable().default(null),
  /** One-line summary of the answer, for responses. */
  summary: z.string().max(2000).optional(),
});
export type Assessment = z.infer<typeof assessmentSchema>;
export type AssessmentInput = z.input<typeof assessmentSchema>;

export const endReasonSchema = z.enum([
  'completed',
  'consent_refused',
  'time_limit',
  'participant_ended',
  'idle',
  'error',
]);
export type EndReason = z.infer<typeof endReasonSchema>;

/** What a re-prompt was for; each has its own cap per node visit (blueprint `loop_guards`). */
export const loopReasonSchema = z.enum(['repeat', 'clarify', 'unclear', 'off_topic']);
export type LoopReason = z.infer<typeof loopReasonSchema>;

export const engineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session_started'), session_id: z.string() }),
  z.object({ type: z.literal('session_resumed'), session_id: z.string() }),
  z.object({
    type: z.literal('answered'),
    text: z.string().max(100_000),
    assessment: assessmentSchema,
    /** Transcript turn number of the participant's answer, for the probe ledger and responses. */
    turn: z.number().int().min(0).optional(),
    /**
     * How sure the conductor is of the value behind this answer, 0..1 (absent = 1). Below
     * `UNCERTAIN_CONFIDENCE` a decisive route is confirmed first (see confirm.ts).
     */
    confidence: z.number().min(0).max(1).optional(),
    /**
     * Fields of LATER nodes this answer already gives ("seven years, and I'd want around 140k" at the
     * experience question pre-fills the salary question), by node id. When such a node is reached it is
     * asked as a brief confirmation of what was said instead of from scratch.
     */
    prefill: z.record(z.string(), z.record(z.string(), fieldValueSchema)).optional(),
  }),
  /** The participant refuses, asks to skip, or does not know. */
  z.object({
    type: z.literal('declined'),
    reason: z.enum(['refused', 'skip', 'dont_know']),
    turn: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal('consent'), given: z.boolean() }),
  /**
   * Say the pending prompt again. `reason` selects the loop guard that counts it (absent = `repeat`):
   * the participant asked to hear it again, asked what it means or a question back (`clarify`), gave a
   * typed answer that could not be parsed (`unclear`), or went off topic.
   */
  z.object({ type: z.literal('repeat_requested'), reason: loopReasonSchema.optional() }),
  /** The participant's reply to an `ask_confirmation`: routes on the pending value, or re-asks. */
  z.object({
    type: z.literal('confirmation'),
    confirmed: z.boolean(),
    turn: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal('silence_timeout') }),
  z.object({ type: z.literal('tick') }),
  z.object({ type: z.literal('end_requested') }),
  z.object({ type: z.literal('participant_left') }),
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;
export type EngineEventInput = z.input<typeof engineEventSchema>;

export const answerRecordSchema = z.object({
  node_id: z.string(),
  key: z.string(),
  status: z.enum(['answered', 'declined', 'skipped']),
  decline_reason: z.enum(['refused', 'skip', 'dont_know']).optional(),
  /** Why the engine recorded the decline itself, e.g. `unclear limit reached (3 re-asks)`. */
  decline_detail: z.string().max(500).optional(),
  value: fieldValueSchema.optional(),
  fields: z.record(z.string(), fieldValueSchema),
  objective_met: z.boolean(),
  follow_ups: z.number().int().min(0),
  probing_complete: z.boolean(),
  summary: z.string().optional(),
  /** Participant turn numbers that answered this node (first answer and follow-ups). */
  turns: z.array(z.number().int()),
  answered_at: z.number(),
});
export type AnswerRecord = z.infer<typeof answerRecordSchema>;

export const probeLedgerEntrySchema = z.object({
  node_id: z.string(),
  key: z.string(),
  technique: techniqueSchema,
  reason: z.string(),
  /** 1-based index of this follow-up at its node. */
  index: z.number().int().min(1),
  turn: z.number().int().min(0).optional(),
  at: z.number(),
});
export type ProbeLedgerEntry = z.infer<typeof probeLedgerEntrySchema>;

/** One confirmation of a decisive route: what was asked, and how the participant answered. */
export const confirmationEntrySchema = z.object({
  node_id: z.string(),
  key: z.string(),
  /** Index of the decisive edge in `graph.edges`, and its target. */
  edge: z.number().int().min(0),
  to: z.string(),
  value: fieldValueSchema.optional(),
  fields: z.record(z.string(), fieldValueSchema),
  /** The answer's confidence (1 when the edge has `confirm: always`). */
  confidence: z.number().min(0).max(1),
  outcome: z.enum(['pending', 'confirmed', 'denied']),
  turn: z.number().int().min(0).optional(),
  reply_turn: z.number().int().min(0).optional(),
  at: z.number(),
  resolved_at: z.number().optional(),
});
export type ConfirmationEntry = z.infer<typeof confirmationEntrySchema>;

/** Loop-guard counters of the current visit (re-prompts per reason). */
const count = z.number().int().min(0).optional();
export const guardCountsSchema = z.object({
  repeat: count,
  clarify: count,
  unclear: count,
  off_topic: count,
});
export type GuardCounts = z.infer<typeof guardCountsSchema>;

export const engineStateSchema = z.object({
  run: runContextSchema,
  blueprint_id: z.string(),
  blueprint_version: z.number().int(),
  status: z.enum(['not_started', 'awaiting_consent', 'active', 'wrapping_up', 'ended']),
  current_node: z.string().nullable(),
  /** Follow-ups asked at the current visit of the current node. */
  current_follow_ups: z.number().int().min(0),
  visits: z.record(z.string(), z.number().int().min(0)),
  answers: z.record(z.string(), answerRecordSchema),
  probe_ledger: z.array(probeLedgerEntrySchema),
  path_taken: z.array(z.string()),
  consent: z.enum(['not_required', 'pending', 'given', 'refused']),
  silence_prompts: z.number().int().min(0),
  session_count: z.number().int().min(0),
  started_at: z.number().nullable(),
  last_activity_at: z.number().nullable(),
  ended_at: z.number().nullable(),
  end_reason: endReasonSchema.nullable(),
  /** Monotonic counter of handled events (bounds loops in property tests). */
  steps: z.number().int().min(0),
  /**
   * The current visit has an answer that is not yet complete (a follow-up is pending). Optional so that
   * states written before it existed still parse; `start` always sets it.
   */
  current_pending: z.boolean().optional(),
  /** A `skip` / `dont_know` on a required question was already re-asked at the current visit. */
  current_reasked: z.boolean().optional(),
  /**
   * Wrap-up: the node where wrap-up routing began (the node being left at the first routing point after
   * the engine entered `wrapping_up`, or the entry node). Wrap-up jumps only to nodes reachable from it.
   */
  wrap_up_origin: z.string().optional(),
  /** Re-prompts at the current visit (or at the pending consent), per loop reason. */
  current_guards: guardCountsSchema.optional(),
  /** Decisive edges already confirmed (or asked about) at the current visit: at most one each. */
  current_confirmed_edges: z.array(z.number().int().min(0)).optional(),
  /** Index into `confirmations` of the confirmation awaiting the participant's reply. */
  pending_confirmation: z.number().int().min(0).optional(),
  /** The confirmation ledger (sibling of the probe ledger). */
  confirmations: z.array(confirmationEntrySchema).optional(),
  /** Fields given early for nodes not yet asked (see the `answered` event's `prefill`), by node id. */
  prefilled: z.record(z.string(), z.record(z.string(), fieldValueSchema)).optional(),
});
export type EngineState = z.infer<typeof engineStateSchema>;

export const progressSchema = z.object({
  nodes_total: z.number().int().min(0),
  nodes_visited: z.number().int().min(0),
  /** Answer-taking nodes with a recorded answer (answered, declined or skipped); older progress lacks it. */
  nodes_answered: z.number().int().min(0).default(0),
  current_node: z.string().nullable(),
  path_taken: z.array(z.string()),
  duration_s: z.number().min(0),
  estimated_remaining_s: z.number().min(0),
});
export type Progress = z.infer<typeof progressSchema>;

export const engineActionSchema = z.discriminatedUnion('type', [
  /** Speak fixed text: intro, statement node, consent request, outro, welcome back, idle prompt. */
  z.object({
    type: z.literal('say'),
    kind: z.enum(['intro', 'statement', 'consent_request', 'outro', 'welcome_back', 'idle_prompt']),
    text: z.string(),
    node_id: z.string().optional(),
  }),
  /** Ask the question of an answer-taking node (text already rendered from templates). */
  z.object({
    type: z.literal('ask'),
    node_id: z.string(),
    key: z.string(),
    node_type: z.enum(['question', 'choice', 'rating', 'yes_no']),
    text: z.string(),
    options: z.array(z.string()).optional(),
    scale: z.object({ min: z.number(), max: z.number() }).optional(),
    repeat: z.boolean(),
    /** Re-asks so far at this visit (1 = the first re-ask): lets the conductor word each differently. */
    attempt: z.number().int().min(0).optional(),
    /** Fields the participant already gave earlier: `text` then asks to confirm them. */
    prefilled: z.record(z.string(), fieldValueSchema).optional(),
  }),
  /** Before a decisive route on an uncertain value: ask the participant to confirm it. */
  z.object({
    type: z.literal('ask_confirmation'),
    node_id: z.string(),
    key: z.string(),
    node_type: z.enum(['question', 'choice', 'rating', 'yes_no']),
    /** The question that was answered (rendered). */
    question_text: z.string(),
    value: fieldValueSchema.optional(),
    fields: z.record(z.string(), fieldValueSchema),
    /** What was said, for the phrasing. */
    summary: z.string().optional(),
    /** The decisive edge's target and label. */
    to: z.string(),
    label: z.string().optional(),
    repeat: z.boolean(),
  }),
  z.object({
    type: z.literal('follow_up'),
    node_id: z.string(),
    key: z.string(),
    technique: techniqueSchema,
    reason: z.string(),
    index: z.number().int().min(1),
    /** The question being probed, for phrasing. */
    question_text: z.string(),
    /** True when the same follow-up is re-issued (repeat requested, session resumed). */
    repeat: z.boolean().optional(),
  }),
  z.object({ type: z.literal('record_response'), response: answerRecordSchema }),
  z.object({ type: z.literal('node_entered'), node_id: z.string(), node_type: z.string() }),
  z.object({ type: z.literal('progress'), progress: progressSchema }),
  z.object({ type: z.literal('end'), reason: endReasonSchema }),
]);
export type EngineAction = z.infer<typeof engineActionSchema>;

export interface StepResult {
  state: EngineState;
  actions: EngineAction[];
}
