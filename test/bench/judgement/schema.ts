import { z } from 'zod';
import { fieldValueSchema } from '../../../src/engine/types.js';
import { interpretationKindSchema } from '../../../src/conductor/types.js';

/**
 * The judgement corpus: YAML files under `cases/`, one per category, each `{category, cases: [...]}`.
 * A case is one participant turn at one node of a blueprint; the conversation before it is the
 * blueprint's walk in `setup.yaml` (plus the case's own `history` at the node).
 */

export const CATEGORIES = [
  'negation',
  'double_negative',
  'self_correction',
  'units_fractions',
  'ranges',
  'hedges',
  'questions_back',
  'consent',
  'refusal_end_lookalike',
  'two_answers',
  'off_topic',
  'fillers',
  'rambling',
  'number_words',
  'indirect_options',
] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;

/** `ended:<reason>` when the step ended the interview without an end node (participant ended, consent refused). */
export const routeSchema = z.string().min(1);

export const expectationSchema = z.strictObject({
  kind: interpretationKindSchema,
  /** The typed value (yes_no / choice / rating / consent); omit when none is expected. */
  value: fieldValueSchema.optional(),
  /**
   * The node's capture fields the turn states (omitted fields must stay uncaptured). A string field's
   * value compares case-insensitively; `"*"` accepts any non-empty string.
   */
  fields: z.record(z.string(), fieldValueSchema).default({}),
  /** Fields of LATER nodes this turn already answers: `{node_id: {field: value}}` (pre-fill). */
  later_fields: z.record(z.string(), z.record(z.string(), fieldValueSchema)).optional(),
  /** Does the turn warrant a follow-up at this node (the engine emits `follow_up`)? */
  follow_up: z.boolean(),
  /** The node current after the step (an end node id, or `ended:<reason>`). */
  next: routeSchema,
  /** The engine should ask the participant to confirm before routing (`ask_confirmation`). */
  expect_confirmation: z.boolean().optional(),
});
export type Expectation = z.infer<typeof expectationSchema>;

export const historyTurnSchema = z.strictObject({
  /** An earlier answer at this node (fed to the engine with the given assessment; a follow-up was asked). */
  say: z.string().min(1),
  value: fieldValueSchema.optional(),
  fields: z.record(z.string(), fieldValueSchema).default({}),
});

export const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  blueprint: z.string().min(1),
  node: z.string().min(1),
  /** Earlier answers at this node in the same visit (rare: most cases are a first answer). */
  history: z.array(historyTurnSchema).default([]),
  /** Named walk variant in setup.yaml to reach the node (default: the node's own variant, else the main walk). */
  walk: z.string().optional(),
  utterance: z.string().min(1),
  expect: expectationSchema,
  note: z.string().optional(),
});
export type JudgementCase = z.infer<typeof caseSchema>;

export const caseFileSchema = z.strictObject({
  category: categorySchema,
  cases: z.array(z.unknown()).min(1),
});

/** A scripted answer of the walk that reaches a node. */
export const walkAnswerSchema = z.strictObject({
  say: z.string().min(1),
  value: fieldValueSchema.optional(),
  fields: z.record(z.string(), fieldValueSchema).default({}),
});
export type WalkAnswer = z.infer<typeof walkAnswerSchema>;

export const blueprintSetupSchema = z.strictObject({
  file: z.string().min(1),
  participant: z.string().default('Alex'),
  vars: z.record(z.string(), z.string()).default({}),
  /** The main walk: an answer per node (consent is given with `say` when a consent node has an entry). */
  answers: z.record(z.string(), walkAnswerSchema),
  /** Overrides of the main walk by name (by default, a case uses the variant named like its node). */
  variants: z
    .record(
      z.string(),
      z.strictObject({
        vars: z.record(z.string(), z.string()).default({}),
        answers: z.record(z.string(), walkAnswerSchema).default({}),
      }),
    )
    .default({}),
});
export type BlueprintSetup = z.infer<typeof blueprintSetupSchema>;

export const setupSchema = z.record(z.string(), blueprintSetupSchema);
export type Setup = z.infer<typeof setupSchema>;
