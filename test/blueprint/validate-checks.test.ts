import { describe, expect, it } from 'vitest';
import { validateBlueprint, type BlueprintProblem } from '../../src/blueprint/load.js';
import {
  blueprintSchema,
  type BlueprintInput,
  type Condition,
  type ConditionValue,
  type Operator,
} from '../../src/blueprint/schema.js';

/** A blueprint with one node of every answer kind; `edges` replace the default chain. */
function blueprint(
  overrides: Partial<BlueprintInput['graph']> & Partial<Omit<BlueprintInput, 'graph'>> = {},
) {
  const { entry_node, nodes, edges, ...rest } = overrides;
  return blueprintSchema.parse({
    id: 't',
    name: 'T',
    variables: [{ name: 'product' }],
    ...rest,
    graph: {
      entry_node: entry_node ?? 'consent',
      nodes: nodes ?? {
        consent: { type: 'consent', text: 'OK to record?' },
        intro: {
          type: 'question',
          key: 'role',
          text: 'Role?',
          capture: {
            is_manager: { type: 'boolean' },
            team_size: { type: 'number', min: 1, max: 500 },
            title: { type: 'string' },
            seniority: { type: 'enum', options: ['junior', 'senior'] },
          },
        },
        happy: { type: 'yes_no', key: 'happy', text: 'Happy?' },
        plan: { type: 'choice', key: 'plan', text: 'Plan?', options: ['free', 'pro'] },
        tools: {
          type: 'choice',
          key: 'tools',
          text: 'Tools?',
          options: ['Looker', 'Tableau'],
          multiple: true,
        },
        score: { type: 'rating', key: 'score', text: 'Score?', scale: { min: 1, max: 5 } },
        note: { type: 'statement', text: 'Thanks.' },
        done: { type: 'end' },
      },
      edges: edges ?? [
        { from: 'consent', to: 'intro' },
        { from: 'intro', to: 'happy' },
        { from: 'happy', to: 'plan' },
        { from: 'plan', to: 'tools' },
        { from: 'tools', to: 'score' },
        { from: 'score', to: 'note' },
        { from: 'note', to: 'done' },
      ],
    },
  });
}

/** Problems of a single condition on an extra edge intro → done (the default chain stays intact). */
function conditionProblems(condition: Condition): BlueprintProblem[] {
  const base = blueprint();
  base.graph.edges.push({ from: 'intro', to: 'done', condition, priority: 1 });
  return validateBlueprint(base);
}

const codes = (problems: BlueprintProblem[]): string[] => problems.map((p) => p.code);

describe('condition field types and operators', () => {
  const s = (field: string, operator: Operator, value?: ConditionValue): Condition =>
    value === undefined
      ? { type: 'structured', field, operator }
      : { type: 'structured', field, operator, value };

  it.each<[string, Condition, string[]]>([
    ['boolean eq boolean', s('role.is_manager', 'eq', true), []],
    ['gt on a boolean', s('role.is_manager', 'gt', 1), ['OPERATOR_TYPE_MISMATCH']],
    ['eq string on a boolean', s('role.is_manager', 'eq', 'true'), ['OPERATOR_TYPE_MISMATCH']],
    ['number gte number', s('role.team_size', 'gte', 10), []],
    ['eq numeric string on a number', s('role.team_size', 'eq', '5'), ['OPERATOR_TYPE_MISMATCH']],
    ['contains on a number', s('role.team_size', 'contains', '5'), ['OPERATOR_TYPE_MISMATCH']],
    ['matches on a number', s('role.team_size', 'matches', '^5'), ['OPERATOR_TYPE_MISMATCH']],
    ['number outside the capture range', s('role.team_size', 'lt', 1000), ['VALUE_OUT_OF_RANGE']],
    ['in with numbers', s('role.team_size', 'in', [1, 2]), []],
    ['in with a scalar', s('role.team_size', 'in', 3), ['OPERATOR_TYPE_MISMATCH']],
    ['in with a wrong element type', s('role.team_size', 'not_in', [1, 'two']), ['OPERATOR_TYPE_MISMATCH']],
    ['exists without value', s('role.team_size', 'exists'), []],
    ['not_exists with a value', s('role.team_size', 'not_exists', 1), ['OPERATOR_TYPE_MISMATCH']],
    ['eq without a value', s('role.title', 'eq'), ['OPERATOR_TYPE_MISMATCH']],
    ['eq null on a string', s('role.title', 'eq', null), ['OPERATOR_TYPE_MISMATCH']],
    ['gt on a string', s('role.title', 'gt', 3), ['OPERATOR_TYPE_MISMATCH']],
    ['string contains', s('role.title', 'contains', 'lead'), []],
    ['string matches', s('role.title', 'matches', '^(vp|head)\\b'), []],
    ['invalid regex', s('role.title', 'matches', '(unclosed'), ['INVALID_REGEX']],
    ['matches with a number value', s('role.title', 'matches', 5), ['OPERATOR_TYPE_MISMATCH']],
    ['enum eq option', s('role.seniority', 'eq', 'senior'), []],
    ['enum eq non-option', s('role.seniority', 'eq', 'boss'), ['ENUM_VALUE_UNKNOWN']],
    ['enum in with a non-option', s('role.seniority', 'in', ['junior', 'boss']), ['ENUM_VALUE_UNKNOWN']],
    ['yes_no value eq true', s('happy.value', 'eq', true), []],
    ['yes_no value eq "yes"', s('happy.value', 'eq', 'yes'), ['OPERATOR_TYPE_MISMATCH']],
    ['choice value eq option', s('plan.value', 'neq', 'pro'), []],
    ['choice value eq non-option', s('plan.value', 'eq', 'gold'), ['ENUM_VALUE_UNKNOWN']],
    ['multiple choice contains option', s('tools.value', 'contains', 'Looker'), []],
    ['multiple choice contains non-option', s('tools.value', 'contains', 'Excel'), ['ENUM_VALUE_UNKNOWN']],
    ['multiple choice eq', s('tools.value', 'eq', 'Looker'), ['OPERATOR_TYPE_MISMATCH']],
    ['multiple choice in options', s('tools.value', 'in', ['Looker', 'Tableau']), []],
    ['rating within the scale', s('score.value', 'gte', 4), []],
    ['rating outside the scale', s('score.value', 'eq', 7), ['VALUE_OUT_OF_RANGE']],
    ['rating compared with a string', s('score.value', 'eq', '4'), ['OPERATOR_TYPE_MISMATCH']],
    ['follow_ups is a number', s('role.follow_ups', 'lt', 2), []],
    ['follow_ups eq boolean', s('role.follow_ups', 'eq', true), ['OPERATOR_TYPE_MISMATCH']],
    ['answered is a boolean', s('role.answered', 'eq', false), []],
    ['skipped gt', s('role.skipped', 'gt', 0), ['OPERATOR_TYPE_MISMATCH']],
    ['consent.answered', s('consent.answered', 'eq', true), []],
    ['declared variable', s('vars.product', 'eq', 'x'), []],
    ['gt on a variable', s('vars.product', 'gt', 1), ['OPERATOR_TYPE_MISMATCH']],
    ['undeclared variable', s('vars.company', 'exists'), ['UNKNOWN_FIELD']],
    ['participant field', s('participant.email', 'matches', '@acme\\.com$'), []],
    ['unknown participant field', s('participant.phone', 'exists'), ['UNKNOWN_FIELD']],
    ['participant metadata: any operator', s('participant.metadata.seats', 'gt', 3), []],
    ['participant metadata eq null', s('participant.metadata.tier', 'eq', null), []],
    ['unknown capture field', s('role.salary', 'exists'), ['UNKNOWN_FIELD']],
    ['value on an open question', s('role.value', 'exists'), ['UNKNOWN_FIELD']],
    ['value on a consent node', s('consent.value', 'eq', true), ['UNKNOWN_FIELD']],
    ['capture on a consent node', s('consent.reason', 'exists'), ['UNKNOWN_FIELD']],
    ['node id instead of key', s('intro.answered', 'eq', true), ['UNKNOWN_FIELD']],
    ['three-part node field', s('role.title.x', 'exists'), ['UNKNOWN_FIELD']],
    ['answered by node id', { type: 'answered', node: 'intro' }, []],
    ['answered by question key', { type: 'skipped', node: 'role' }, []],
    ['answered naming a statement', { type: 'answered', node: 'note' }, ['UNKNOWN_NODE_REF']],
    ['answered naming nothing', { type: 'answered', node: 'ghost' }, ['UNKNOWN_NODE_REF']],
  ])('%s', (_name, condition, expected) => {
    expect(codes(conditionProblems(condition))).toEqual(expected);
  });

  it('explains a node id used where a key belongs', () => {
    const [problem] = conditionProblems(s('intro.answered', 'eq', true));
    expect(problem?.message).toContain('node "intro" has key "role"');
  });

  it('reports nested problems at their own path, every one of them', () => {
    const problems = conditionProblems({
      type: 'all',
      conditions: [
        s('role.title', 'eq', 'x'),
        { type: 'not', condition: s('role.is_manager', 'lt', 3) },
        { type: 'any', conditions: [s('vars.nope', 'exists'), { type: 'answered', node: 'nope' }] },
      ],
    });
    const condition = ['graph', 'edges', 7, 'condition'];
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['OPERATOR_TYPE_MISMATCH', [...condition, 'conditions', 1, 'condition', 'operator']],
      ['UNKNOWN_FIELD', [...condition, 'conditions', 2, 'conditions', 0, 'field']],
      ['UNKNOWN_NODE_REF', [...condition, 'conditions', 2, 'conditions', 1, 'node']],
    ]);
  });

  it('points at the offending element of an in list', () => {
    const [problem] = conditionProblems(s('plan.value', 'in', ['free', 'gold']));
    expect(problem?.path).toEqual(['graph', 'edges', 7, 'condition', 'value', 1]);
  });

  it('returns path-based problems without file positions', () => {
    const [problem] = conditionProblems(s('role.salary', 'exists'));
    expect(Object.keys(problem ?? {}).sort()).toEqual(['code', 'message', 'path', 'severity']);
  });
});

describe('graph checks', () => {
  const end = { type: 'end' } as const;
  const q = (key: string, extra: object = {}) =>
    ({ type: 'question', key, text: `${key}?`, ...extra }) as const;

  it('accepts the default blueprint', () => {
    expect(validateBlueprint(blueprint())).toEqual([]);
  });

  it('skips reachability when the entry node is missing (no flood of NODE_UNREACHABLE)', () => {
    expect(codes(validateBlueprint(blueprint({ entry_node: 'start' })))).toEqual(['ENTRY_NODE_MISSING']);
  });

  it('leaves edges to unknown nodes out of the graph', () => {
    const problems = validateBlueprint(
      blueprint({ entry_node: 'a', nodes: { a: q('a'), z: end }, edges: [{ from: 'a', to: 'ghost' }] }),
    );
    expect(codes(problems).sort()).toEqual(['DEAD_END', 'EDGE_UNKNOWN_NODE', 'NODE_UNREACHABLE']);
  });

  it('only required answer nodes are REQUIRED_UNREACHABLE', () => {
    const problems = validateBlueprint(
      blueprint({
        entry_node: 'a',
        nodes: { a: q('a'), opt: q('opt', { required: false }), req: q('req'), z: end },
        edges: [
          { from: 'a', to: 'z' },
          { from: 'opt', to: 'z' },
          { from: 'req', to: 'z' },
        ],
      }),
    );
    expect(problems.map((p) => [p.code, p.path[2]])).toEqual([
      ['NODE_UNREACHABLE', 'opt'],
      ['REQUIRED_UNREACHABLE', 'req'],
    ]);
  });

  it('a self-loop with max_visits 1 is a dead loop; with max_visits 3 it is fine', () => {
    const graph = (maxVisits: number) =>
      blueprint({
        entry_node: 'a',
        nodes: { a: q('a', { max_visits: maxVisits }), z: end },
        edges: [
          {
            from: 'a',
            to: 'a',
            condition: { type: 'structured', field: 'a.follow_ups', operator: 'lt', value: 1 },
          },
          { from: 'a', to: 'z' },
        ],
      });
    expect(codes(validateBlueprint(graph(1)))).toEqual(['CYCLE_UNBOUNDED']);
    expect(validateBlueprint(graph(3))).toEqual([]);
  });

  it('a self-loop with no way out is CYCLE_NO_EXIT', () => {
    const problems = validateBlueprint(
      blueprint({
        entry_node: 'a',
        nodes: { a: q('a', { max_visits: 5 }), z: end },
        edges: [
          { from: 'a', to: 'a' },
          { from: 'z', to: 'a' },
        ],
      }),
    );
    expect(codes(problems).sort()).toEqual(['CYCLE_NO_EXIT', 'END_NODE_HAS_EDGES', 'NODE_UNREACHABLE']);
  });

  it('finds a loop nested inside a larger loop once, as one component', () => {
    const problems = validateBlueprint(
      blueprint({
        entry_node: 'a',
        nodes: { a: q('a'), b: q('b'), c: q('c'), z: end },
        edges: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: 'b' },
          { from: 'c', to: 'a' },
          { from: 'c', to: 'z' },
        ],
      }),
    );
    expect(problems.map((p) => [p.code, p.path[2]])).toEqual([['CYCLE_UNBOUNDED', 'a']]);
    expect(problems[0]?.message).toContain('a, b, c');
  });

  it('handles a 20 000-node chain without recursion limits', () => {
    const nodes: Record<string, object> = { z: end };
    const edges: { from: string; to: string }[] = [];
    for (let i = 0; i < 20_000; i++) {
      nodes[`n${i}`] = { type: 'statement', text: 'x' };
      edges.push({ from: `n${i}`, to: i === 19_999 ? 'n0' : `n${i + 1}` });
    }
    edges.push({ from: 'n19999', to: 'z' });
    // how fast: `npm run bench -- files`
    const problems = validateBlueprint(blueprint({ entry_node: 'n0', nodes: nodes as never, edges }));
    expect(codes(problems)).toEqual(['CYCLE_UNBOUNDED']);
  });
});

describe('names and references', () => {
  it('flags question keys that shadow the condition grammar', () => {
    const bp = blueprint();
    const node = bp.graph.nodes.intro;
    if (node?.type !== 'question') throw new Error('fixture');
    node.key = 'vars';
    expect(codes(validateBlueprint(bp))).toContain('RESERVED_NAME');
  });

  it('checks templates in intro, outro, node and end text; whitespace inside braces is fine', () => {
    const bp = blueprint({
      settings: {
        intro_message: 'Hi {{ participant.name }} about {{vars.product}}',
        outro_message: 'Bye {{participant.phone}}',
      },
    });
    const done = bp.graph.nodes.done;
    if (done?.type !== 'end') throw new Error('fixture');
    done.text = 'See {{vars.company}} and {{}}';
    expect(validateBlueprint(bp).map((p) => [p.code, p.path.join('.')])).toEqual([
      ['UNKNOWN_TEMPLATE', 'settings.outro_message'],
      ['UNKNOWN_TEMPLATE', 'graph.nodes.done.text'],
      ['UNKNOWN_TEMPLATE', 'graph.nodes.done.text'],
    ]);
  });

  it('flags a duplicate scorecard criterion and unknown question keys', () => {
    const bp = blueprint({
      scorecard: {
        criteria: [
          { key: 'fit', description: 'Fit', questions: ['role', 'consent'] },
          { key: 'fit', description: 'Fit again', questions: ['nope'] },
        ],
      },
    });
    expect(validateBlueprint(bp).map((p) => [p.code, p.path.join('.')])).toEqual([
      ['DUPLICATE_CRITERION', 'scorecard.criteria.1.key'],
      ['UNKNOWN_QUESTION_KEY', 'scorecard.criteria.1.questions.0'],
    ]);
  });

  it('counts the defaulted consent key as a question key', () => {
    const bp = blueprint();
    const node = bp.graph.nodes.happy;
    if (node?.type !== 'yes_no') throw new Error('fixture');
    node.key = 'consent';
    expect(validateBlueprint(bp).map((p) => [p.code, p.path.join('.')])).toEqual([
      ['DUPLICATE_KEY', 'graph.nodes.happy.key'],
    ]);
  });
});
