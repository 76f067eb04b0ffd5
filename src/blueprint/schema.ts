import { z } from 'zod';

/**
 * The blueprint format: the single source of truth. `blueprints/blueprint.schema.json` is generated from
 * these schemas (`parley schema`) so that YAML editors can validate blueprints.
 *
 * Field names follow the seed APIs (graph.entry_node, nodes, edges, settings, pipeline, ...).
 */

const identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and contain only letters, digits, _ or -');

const text = z.string().min(1).max(4000);

export const techniqueSchema = z
  .enum([
    'funnel',
    'laddering',
    'clarify',
    'example',
    'contrast',
    'five_whys',
    'quantify',
    'echo',
    'hypothetical',
    'summarize',
  ])
  .describe('A named probing technique for follow-up questions.');
export type Technique = z.infer<typeof techniqueSchema>;

export const probingSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    max_follow_ups: z.number().int().min(0).max(10).default(2),
    techniques: z.array(techniqueSchema).default([]),
    completion_hint: z.string().max(2000).optional(),
  })
  .describe('How the agent may probe for depth after the first answer.');
export type Probing = z.infer<typeof probingSchema>;

const captureBase = { description: z.string().max(500).optional() };

export const captureFieldSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('boolean'), ...captureBase }),
  z.strictObject({
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    ...captureBase,
  }),
  z.strictObject({ type: z.literal('string'), ...captureBase }),
  z.strictObject({ type: z.literal('enum'), options: z.array(z.string().min(1)).min(1), ...captureBase }),
]);
export type CaptureField = z.infer<typeof captureFieldSchema>;

export const endpointingSchema = z
  .enum(['quick', 'normal', 'patient'])
  .describe('Voice-layer hint: how long a silence ends the participant turn.');
export type Endpointing = z.infer<typeof endpointingSchema>;

/**
 * Loop guards: how many times a node's prompt is said again for each reason within one visit before the
 * question is recorded as declined (with the reason) and the interview moves on. `repeat`: "sorry,
 * what?"; `clarify`: "what do you mean?" and other questions back; `unclear`: a typed answer that could
 * not be understood; `off_topic`: a redirect.
 */
const guardCap = z.number().int().min(0).max(10);
export const loopGuardsSchema = z
  .strictObject({
    repeat: guardCap.default(3),
    clarify: guardCap.default(3),
    unclear: guardCap.default(3),
    off_topic: guardCap.default(3),
  })
  .describe('Re-asks allowed per node visit, per reason, before the question is declined and skipped.');
export type LoopGuards = z.infer<typeof loopGuardsSchema>;
export const DEFAULT_LOOP_GUARDS: LoopGuards = { repeat: 3, clarify: 3, unclear: 3, off_topic: 3 };

const nodeLoopGuardsSchema = z
  .strictObject({
    repeat: guardCap.optional(),
    clarify: guardCap.optional(),
    unclear: guardCap.optional(),
    off_topic: guardCap.optional(),
  })
  .describe('Per-node loop guards; unset reasons use settings.loop_guards.');

const nodeCommon = {
  max_visits: z.number().int().min(1).max(20).default(1),
};

const answerTaking = {
  key: identifier,
  text,
  objective: z.string().max(2000).optional(),
  required: z.boolean().default(true),
  probing: probingSchema.default({ enabled: true, max_follow_ups: 2, techniques: [] }),
  capture: z.record(identifier, captureFieldSchema).default({}),
  endpointing: endpointingSchema.optional(),
  loop_guards: nodeLoopGuardsSchema.optional(),
  ...nodeCommon,
};

export const questionNodeSchema = z.strictObject({ type: z.literal('question'), ...answerTaking });
export const choiceNodeSchema = z.strictObject({
  type: z.literal('choice'),
  ...answerTaking,
  options: z.array(z.string().min(1)).min(2),
  multiple: z.boolean().default(false),
});
export const ratingNodeSchema = z.strictObject({
  type: z.literal('rating'),
  ...answerTaking,
  scale: z
    .strictObject({ min: z.number().int(), max: z.number().int() })
    .refine((s) => s.max > s.min, { message: 'scale.max must be greater than scale.min' }),
});
export const yesNoNodeSchema = z.strictObject({ type: z.literal('yes_no'), ...answerTaking });
export const statementNodeSchema = z.strictObject({ type: z.literal('statement'), text, ...nodeCommon });
export const consentNodeSchema = z.strictObject({
  type: z.literal('consent'),
  key: identifier.default('consent'),
  text,
  ...nodeCommon,
});
export const endNodeSchema = z.strictObject({
  type: z.literal('end'),
  text: text.optional(),
  ...nodeCommon,
});

export const nodeSchema = z.discriminatedUnion('type', [
  questionNodeSchema,
  choiceNodeSchema,
  ratingNodeSchema,
  yesNoNodeSchema,
  statementNodeSchema,
  consentNodeSchema,
  endNodeSchema,
]);
export type BlueprintNode = z.infer<typeof nodeSchema>;
export type NodeType = BlueprintNode['type'];
export type AnswerNode = Extract<BlueprintNode, { type: 'question' | 'choice' | 'rating' | 'yes_no' }>;

export const operatorSchema = z.enum([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'contains',
  'exists',
  'not_exists',
  'matches',
]);
export type Operator = z.infer<typeof operatorSchema>;

export const conditionValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean()])),
]);
export type ConditionValue = z.infer<typeof conditionValueSchema>;

export type Condition =
  | { type: 'structured'; field: string; operator: Operator; value?: ConditionValue | undefined }
  | { type: 'all'; conditions: Condition[] }
  | { type: 'any'; conditions: Condition[] }
  | { type: 'not'; condition: Condition }
  | { type: 'answered'; node: string }
  | { type: 'skipped'; node: string };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('structured'),
      field: z
        .string()
        .min(1)
        .regex(/^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/, 'must be a dotted path such as key.field'),
      operator: operatorSchema,
      value: conditionValueSchema.optional(),
    }),
    z.strictObject({ type: z.literal('all'), conditions: z.array(conditionSchema).min(1) }),
    z.strictObject({ type: z.literal('any'), conditions: z.array(conditionSchema).min(1) }),
    z.strictObject({ type: z.literal('not'), condition: conditionSchema }),
    z.strictObject({ type: z.literal('answered'), node: identifier }),
    z.strictObject({ type: z.literal('skipped'), node: identifier }),
  ]),
);

/**
 * Confirmation before a decisive route. An edge is decisive when its source has more than one outgoing
 * edge (the answer chooses the route) and taking it either leads to an `end` node or skips a required
 * question (a required answer node reachable through another edge of the same source but not from this
 * edge's target). `uncertain` (the default): confirm when the answer's confidence is below 0.8;
 * `always`: confirm every time the edge is taken; `never`: route without asking. Non-decisive edges never
 * confirm.
 */
export const confirmModeSchema = z
  .enum(['uncertain', 'always', 'never'])
  .describe(
    'Confirm the answer before taking this edge when it is decisive (ends or skips a required question).',
  );
export type ConfirmMode = z.infer<typeof confirmModeSchema>;

export const edgeSchema = z.strictObject({
  from: identifier,
  to: identifier,
  condition: conditionSchema.optional(),
  priority: z.number().int().default(0),
  label: z.string().max(200).optional(),
  confirm: confirmModeSchema.optional(),
});
export type Edge = z.infer<typeof edgeSchema>;

export const graphSchema = z.strictObject({
  entry_node: identifier,
  nodes: z.record(identifier, nodeSchema),
  edges: z.array(edgeSchema).default([]),
});
export type Graph = z.infer<typeof graphSchema>;

export const settingsSchema = z.strictObject({
  estimated_duration_m: z.number().positive().max(600).default(15),
  max_duration_m: z.number().positive().max(600).default(30),
  intro_message: z.string().max(4000).optional(),
  outro_message: z.string().max(4000).optional(),
  language: z.string().min(2).max(35).default('en'),
  consent: z.boolean().default(false),
  /** Answers to questions participants ask back ("how long will this take?", "who will see this?"). */
  faq: z
    .array(z.strictObject({ question: z.string().min(1).max(500), answer: z.string().min(1).max(2000) }))
    .max(50)
    .optional()
    .describe('Questions participants may ask the interviewer, with the answers the agent gives.'),
  loop_guards: loopGuardsSchema.optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const pipelineSchema = z.strictObject({
  transcript: z.boolean().default(true),
  responses: z.boolean().default(true),
  analysis: z.boolean().default(true),
});
export type Pipeline = z.infer<typeof pipelineSchema>;

export const variableSchema = z.strictObject({
  name: identifier,
  required: z.boolean().default(false),
  default: z.string().max(2000).optional(),
  description: z.string().max(500).optional(),
});
export type Variable = z.infer<typeof variableSchema>;

export const scorecardSchema = z.strictObject({
  criteria: z
    .array(
      z.strictObject({
        key: identifier,
        description: z.string().min(1).max(1000),
        weight: z.number().positive().max(100).optional(),
        questions: z.array(identifier).optional(),
      }),
    )
    .min(1),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

export const blueprintSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: identifier,
    name: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    version: z.number().int().min(1).default(1),
    settings: settingsSchema.default({
      estimated_duration_m: 15,
      max_duration_m: 30,
      language: 'en',
      consent: false,
    }),
    pipeline: pipelineSchema.default({ transcript: true, responses: true, analysis: true }),
    variables: z.array(variableSchema).default([]),
    scorecard: scorecardSchema.optional(),
    graph: graphSchema,
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('A Parley interview blueprint: a question graph with objectives, probing and conditional edges.');
export type Blueprint = z.infer<typeof blueprintSchema>;
/** What authors write (defaults not yet applied). */
export type BlueprintInput = z.input<typeof blueprintSchema>;

export function isAnswerNode(node: BlueprintNode): node is AnswerNode {
  switch (node.type) {
    case 'question':
    case 'choice':
    case 'rating':
    case 'yes_no':
      return true;
    case 'statement':
    case 'consent':
    case 'end':
      return false;
  }
}
