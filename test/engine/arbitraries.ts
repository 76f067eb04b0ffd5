import fc from 'fast-check';
import {
  blueprintSchema,
  techniqueSchema,
  type Blueprint,
  type Condition,
  type Technique,
} from '../../src/blueprint/schema.js';
import type { EngineEvent } from '../../src/engine/types.js';

/**
 * Generated valid blueprints: random answer / statement / consent nodes in a backbone chain that
 * always reaches an end node (unconditional, lowest priority), plus random extra edges (forward,
 * backward → cycles, self-loops) with random priorities and random structured conditions on capture
 * fields, values, node attributes and variables that exist. max_visits 1–3.
 */
const TECHNIQUES = techniqueSchema.options;
const ANSWER_TYPES = ['question', 'choice', 'rating', 'yes_no'] as const;

type CaptureType = 'string' | 'number' | 'boolean' | 'enum';

interface NodeSpec {
  kind: (typeof ANSWER_TYPES)[number] | 'statement' | 'consent';
  required: boolean;
  maxVisits: number;
  probing: { enabled: boolean; max_follow_ups: number; techniques: Technique[] };
  capture: { name: string; type: CaptureType }[];
}

const captureArb = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom('alpha', 'beta', 'gamma', 'delta'),
    type: fc.constantFrom<CaptureType>('string', 'number', 'boolean', 'enum'),
  }),
  { maxLength: 3, selector: (c) => c.name },
);

const nodeSpecArb: fc.Arbitrary<NodeSpec> = fc.record({
  kind: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ANSWER_TYPES) },
    { weight: 2, arbitrary: fc.constant('statement' as const) },
    { weight: 1, arbitrary: fc.constant('consent' as const) },
  ),
  required: fc.boolean(),
  maxVisits: fc.integer({ min: 1, max: 3 }),
  probing: fc.record({
    enabled: fc.boolean(),
    max_follow_ups: fc.integer({ min: 0, max: 3 }),
    techniques: fc.uniqueArray(fc.constantFrom(...TECHNIQUES), { maxLength: 3 }),
  }),
  capture: captureArb,
});

const scalar = fc.oneof(
  fc.constantFrom('x', 'y', 'Z', 'yes'),
  fc.integer({ min: -3, max: 10 }),
  fc.boolean(),
);
const conditionValue = fc.oneof(
  scalar,
  fc.array(fc.oneof(fc.constantFrom('x', 'y'), fc.integer({ min: 0, max: 5 })), { maxLength: 3 }),
);
const operatorArb = fc.constantFrom(
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
) as fc.Arbitrary<Extract<Condition, { type: 'structured' }>['operator']>;

export interface GeneratedBlueprint {
  blueprint: Blueprint;
  /** ids of answer nodes (for the participant model). */
  answerNodes: string[];
}

function fieldsFor(specs: NodeSpec[], ids: string[]): string[] {
  const fields: string[] = ['vars.segment', 'participant.name'];
  specs.forEach((spec, i) => {
    if (spec.kind === 'statement' || spec.kind === 'consent') return;
    const key = ids[i] as string;
    fields.push(`${key}.value`, `${key}.answered`, `${key}.skipped`, `${key}.follow_ups`);
    for (const c of spec.capture) fields.push(`${key}.${c.name}`);
  });
  return fields;
}

function conditionArb(fields: string[], answerIds: string[]): fc.Arbitrary<Condition> {
  const structured: fc.Arbitrary<Condition> = fc.record({
    type: fc.constant('structured' as const),
    field: fc.constantFrom(...fields),
    operator: operatorArb,
    value: conditionValue,
  });
  const leaf =
    answerIds.length > 0
      ? fc.oneof(
          { weight: 4, arbitrary: structured },
          {
            weight: 1,
            arbitrary: fc.record({
              type: fc.constantFrom('answered' as const, 'skipped' as const),
              node: fc.constantFrom(...answerIds),
            }),
          },
        )
      : structured;
  return fc.oneof(
    { weight: 5, arbitrary: leaf },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('not' as const), condition: leaf }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constantFrom('all' as const, 'any' as const),
        conditions: fc.array(leaf, { minLength: 1, maxLength: 3 }),
      }),
    },
  );
}

export const blueprintArb: fc.Arbitrary<GeneratedBlueprint> = fc
  .record({
    specs: fc.array(nodeSpecArb, { minLength: 1, maxLength: 8 }),
    ends: fc.integer({ min: 1, max: 2 }),
    settingsConsent: fc.boolean(),
    maxDuration: fc.integer({ min: 2, max: 40 }),
    estimated: fc.integer({ min: 1, max: 30 }),
    extraEdgeSeeds: fc.array(
      fc.record({
        from: fc.nat(),
        to: fc.nat(),
        priority: fc.integer({ min: -2, max: 5 }),
        conditioned: fc.boolean(),
        seed: fc.nat(),
        confirm: fc.constantFrom(undefined, 'uncertain' as const, 'always' as const, 'never' as const),
      }),
      { maxLength: 10 },
    ),
  })
  .chain((base) => {
    const ids = base.specs.map((_, i) => `n${i}`);
    const endIds = Array.from({ length: base.ends }, (_, i) => `end${i}`);
    const answerIds = ids.filter((_, i) => {
      const k = base.specs[i]?.kind;
      return k !== 'statement' && k !== 'consent';
    });
    const fields = fieldsFor(base.specs, ids);
    const conditions = fc.array(conditionArb(fields, answerIds), {
      minLength: base.extraEdgeSeeds.length,
      maxLength: base.extraEdgeSeeds.length,
    });
    return conditions.map((conds) => {
      const nodes: Record<string, unknown> = {};
      base.specs.forEach((spec, i) => {
        const id = ids[i] as string;
        const common = { max_visits: spec.maxVisits };
        if (spec.kind === 'statement') nodes[id] = { type: 'statement', text: `Statement ${id}`, ...common };
        else if (spec.kind === 'consent') nodes[id] = { type: 'consent', text: `Consent ${id}?`, ...common };
        else {
          const capture: Record<string, unknown> = {};
          for (const c of spec.capture) {
            capture[c.name] = c.type === 'enum' ? { type: 'enum', options: ['x', 'y'] } : { type: c.type };
          }
          const node: Record<string, unknown> = {
            type: spec.kind,
            key: id,
            text: `Question ${id} for {{participant.name}}?`,
            required: spec.required,
            probing: spec.probing,
            capture,
            ...common,
          };
          if (spec.kind === 'choice') node.options = ['x', 'y', 'z'];
          if (spec.kind === 'rating') node.scale = { min: 1, max: 5 };
          nodes[id] = node;
        }
      });
      endIds.forEach(
        (id, i) => (nodes[id] = i === 0 ? { type: 'end' } : { type: 'end', text: `Goodbye from ${id}` }),
      );
      const all = [...ids, ...endIds];
      const edges: Record<string, unknown>[] = [];
      ids.forEach((id, i) => {
        const next = ids[i + 1] ?? (endIds[0] as string);
        edges.push({ from: id, to: next, priority: -5 });
      });
      base.extraEdgeSeeds.forEach((e, i) => {
        const from = ids[e.from % ids.length] as string;
        const to = all[e.to % all.length] as string;
        const edge: Record<string, unknown> = { from, to, priority: e.priority };
        if (e.conditioned) edge.condition = conds[i];
        if (e.confirm !== undefined) edge.confirm = e.confirm;
        edges.push(edge);
      });
      const blueprint = blueprintSchema.parse({
        id: 'generated',
        name: 'Generated',
        settings: {
          consent: base.settingsConsent,
          max_duration_m: base.maxDuration,
          estimated_duration_m: base.estimated,
        },
        variables: [{ name: 'segment', default: 'x' }],
        graph: { entry_node: ids[0], nodes, edges },
      });
      return { blueprint, answerNodes: answerIds };
    });
  });

const fieldValueArb = fc.oneof(
  fc.constantFrom('x', 'y', 'Z', 'something long'),
  fc.integer({ min: -3, max: 10 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }),
);

/** An answer from the participant model (the conductor's assessment is random too). */
export const answerEventArb: fc.Arbitrary<EngineEvent> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('answered' as const),
      text: fc.constant('an answer'),
      assessment: fc.record({
        objective_met: fc.boolean(),
        fields: fc.dictionary(fc.constantFrom('alpha', 'beta', 'gamma', 'delta'), fieldValueArb, {
          maxKeys: 3,
        }),
        value: fieldValueArb,
        probe: fc.option(
          fc.record({ technique: fc.constantFrom(...TECHNIQUES), reason: fc.constant('probe') }),
          { nil: null },
        ),
      }),
      confidence: fc.option(fc.constantFrom(0, 0.3, 0.79, 0.8, 1), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('declined' as const),
      reason: fc.constantFrom('refused' as const, 'skip' as const, 'dont_know' as const),
    }),
  },
);

/** Any event at all, weighted towards answers. */
export const anyEventArb: fc.Arbitrary<EngineEvent> = fc.oneof(
  { weight: 8, arbitrary: answerEventArb },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('consent' as const), given: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<EngineEvent>(
      { type: 'repeat_requested' },
      { type: 'repeat_requested', reason: 'clarify' },
      { type: 'repeat_requested', reason: 'unclear' },
      { type: 'repeat_requested', reason: 'off_topic' },
      { type: 'confirmation', confirmed: true },
      { type: 'confirmation', confirmed: false },
      { type: 'silence_timeout' },
      { type: 'tick' },
      { type: 'participant_left' },
      { type: 'session_resumed', session_id: 'again' },
      { type: 'session_started', session_id: 'again' },
    ),
  },
  { weight: 1, arbitrary: fc.constant<EngineEvent>({ type: 'end_requested' }) },
);

/** What a participant can say at any prompt (no clock or session events): drives the per-node bounds. */
export const participantEventArb: fc.Arbitrary<EngineEvent> = fc.oneof(
  { weight: 4, arbitrary: answerEventArb },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('consent' as const), given: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<EngineEvent>(
      { type: 'repeat_requested' },
      { type: 'repeat_requested', reason: 'clarify' },
      { type: 'repeat_requested', reason: 'unclear' },
      { type: 'repeat_requested', reason: 'off_topic' },
      { type: 'confirmation', confirmed: true },
      { type: 'confirmation', confirmed: false },
    ),
  },
);
