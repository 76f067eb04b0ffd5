import { describe, expect, it } from 'vitest';
import { buildConditionScope, evaluateCondition, type ConditionScope } from '../../src/engine/conditions.js';
import {
  blueprintSchema,
  type Condition,
  type ConditionValue,
  type Operator,
} from '../../src/blueprint/schema.js';
import { start } from '../../src/engine/index.js';
import type { AnswerRecord } from '../../src/engine/types.js';

function rec(key: string, partial: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    node_id: `n_${key}`,
    key,
    status: 'answered',
    fields: {},
    objective_met: true,
    follow_ups: 0,
    probing_complete: true,
    turns: [],
    answered_at: 0,
    ...partial,
  };
}

const scope: ConditionScope = {
  answers: {
    role: rec('role', {
      fields: {
        seniority: 'Director',
        team_size: 12,
        budget: '250000',
        remote: true,
        tools: ['Jira', 'Slack'],
      },
      follow_ups: 2,
    }),
    nps: rec('nps', { value: 7 }),
    pick: rec('pick', { value: ['Acme', 'Globex'] }),
    own: rec('own', { value: false }),
    skipped_q: rec('skipped_q', { status: 'skipped', decline_reason: 'skip' }),
    declined_q: rec('declined_q', { status: 'declined', decline_reason: 'refused' }),
    nulls: rec('nulls', { fields: { gone: null } }),
  },
  vars: { competitor: 'Acme', empty: '' },
  participant: { name: 'Dana', metadata: { tier: 'gold', seats: 40 } },
  nodeKeys: { n_role: 'role', n_skipped_q: 'skipped_q' },
};

const s = (field: string, operator: Operator, value?: ConditionValue): Condition =>
  value === undefined
    ? { type: 'structured', field, operator }
    : { type: 'structured', field, operator, value };

describe('evaluateCondition: structured operators', () => {
  const cases: [string, Condition, boolean][] = [
    ['eq case-insensitive string', s('role.seniority', 'eq', 'director'), true],
    ['eq trims', s('role.seniority', 'eq', ' DIRECTOR '), true],
    ['eq different', s('role.seniority', 'eq', 'manager'), false],
    ['eq number', s('role.team_size', 'eq', 12), true],
    ['eq number vs numeric string', s('role.team_size', 'eq', '12'), true],
    ['eq numeric string field vs number', s('role.budget', 'eq', 250000), true],
    ['eq boolean', s('role.remote', 'eq', true), true],
    ['eq boolean vs "true"', s('role.remote', 'eq', 'true'), true],
    ['eq boolean false', s('own.value', 'eq', false), true],
    ['eq array any order', s('pick.value', 'eq', ['Globex', 'acme']), true],
    ['eq array vs scalar', s('pick.value', 'eq', 'Acme'), false],
    ['eq array different length', s('pick.value', 'eq', ['Acme']), false],
    ['neq', s('role.seniority', 'neq', 'manager'), true],
    ['neq same', s('role.seniority', 'neq', 'Director'), false],
    ['gt', s('nps.value', 'gt', 6), true],
    ['gt equal', s('nps.value', 'gt', 7), false],
    ['gte', s('nps.value', 'gte', 7), true],
    ['lt', s('nps.value', 'lt', 7), false],
    ['lte', s('nps.value', 'lte', 7), true],
    ['gt numeric string', s('role.budget', 'gt', 100000), true],
    ['gt on non-numeric', s('role.seniority', 'gt', 1), false],
    ['gt with non-numeric value', s('nps.value', 'gt', 'abc'), false],
    ['in', s('role.seniority', 'in', ['manager', 'director']), true],
    ['in miss', s('role.seniority', 'in', ['manager', 'ic']), false],
    ['in scalar value', s('role.seniority', 'in', 'director'), true],
    ['in array field intersects', s('pick.value', 'in', ['Globex', 'Initech']), true],
    ['not_in', s('role.seniority', 'not_in', ['manager']), true],
    ['not_in hit', s('role.seniority', 'not_in', ['director']), false],
    ['contains substring', s('role.seniority', 'contains', 'RECT'), true],
    ['contains substring miss', s('role.seniority', 'contains', 'vp'), false],
    ['contains array element', s('role.tools', 'contains', 'slack'), true],
    ['contains array miss', s('role.tools', 'contains', 'Teams'), false],
    ['contains all of list', s('role.tools', 'contains', ['jira', 'slack']), true],
    ['contains list partly', s('role.tools', 'contains', ['jira', 'teams']), false],
    ['contains on number', s('role.team_size', 'contains', 1), false],
    ['exists', s('role.seniority', 'exists'), true],
    ['exists missing', s('role.nothing', 'exists'), false],
    ['not_exists missing', s('role.nothing', 'not_exists'), true],
    ['not_exists present', s('role.seniority', 'not_exists'), false],
    ['null counts as missing', s('nulls.gone', 'exists'), false],
    ['matches', s('role.seniority', 'matches', '^dir'), true],
    ['matches miss', s('role.seniority', 'matches', '^man'), false],
    ['matches number field', s('role.team_size', 'matches', '^1\\d$'), true],
    ['matches array element', s('role.tools', 'matches', '^sl'), true],
    ['matches invalid regex', s('role.seniority', 'matches', '(unclosed'), false],
    ['matches non-string pattern', s('role.seniority', 'matches', 5), false],
  ];
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, scope)).toBe(expected);
  });
});

describe('evaluateCondition: missing fields', () => {
  const ops: [Operator, boolean][] = [
    ['eq', false],
    ['neq', true],
    ['gt', false],
    ['gte', false],
    ['lt', false],
    ['lte', false],
    ['in', false],
    ['not_in', true],
    ['contains', false],
    ['exists', false],
    ['not_exists', true],
    ['matches', false],
  ];
  for (const field of [
    'role.missing',
    'unknown_key.field',
    'unknown_key.value',
    'vars.nope',
    'participant.email',
  ]) {
    it.each(ops)(`${field} %s → %s`, (op, expected) => {
      expect(evaluateCondition(s(field, op, 'x'), scope)).toBe(expected);
    });
  }
});

describe('evaluateCondition: node attributes, vars and participant', () => {
  const cases: [string, Condition, boolean][] = [
    ['answered true', s('role.answered', 'eq', true), true],
    ['answered of unasked node is false', s('ghost.answered', 'eq', false), true],
    ['skipped of skipped node', s('skipped_q.skipped', 'eq', true), true],
    ['skipped of declined node', s('declined_q.skipped', 'eq', true), true],
    ['skipped of answered node', s('role.skipped', 'eq', false), true],
    ['follow_ups count', s('role.follow_ups', 'gte', 2), true],
    ['follow_ups of unasked node is 0', s('ghost.follow_ups', 'eq', 0), true],
    ['value', s('nps.value', 'eq', 7), true],
    ['vars', s('vars.competitor', 'eq', 'acme'), true],
    ['empty var exists', s('vars.empty', 'exists'), true],
    ['participant.name', s('participant.name', 'eq', 'Dana'), true],
    ['participant metadata', s('participant.metadata.tier', 'eq', 'GOLD'), true],
    ['participant metadata number', s('participant.metadata.seats', 'gt', 10), true],
    ['participant metadata missing', s('participant.metadata.region', 'not_exists'), true],
    ['invalid path is missing', s('vars.a.b', 'exists'), false],
    ['prototype keys are not vars', s('vars.constructor', 'exists'), false],
  ];
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, scope)).toBe(expected);
  });
});

describe('evaluateCondition: composites', () => {
  const yes = s('role.seniority', 'eq', 'director');
  const no = s('role.seniority', 'eq', 'ic');
  const cases: [string, Condition, boolean][] = [
    ['all true', { type: 'all', conditions: [yes, yes] }, true],
    ['all one false', { type: 'all', conditions: [yes, no] }, false],
    ['any one true', { type: 'any', conditions: [no, yes] }, true],
    ['any none', { type: 'any', conditions: [no, no] }, false],
    ['not', { type: 'not', condition: no }, true],
    [
      'nested',
      { type: 'not', condition: { type: 'all', conditions: [yes, { type: 'any', conditions: [no] }] } },
      true,
    ],
    ['answered by key', { type: 'answered', node: 'role' }, true],
    ['answered by node id', { type: 'answered', node: 'n_role' }, true],
    ['answered of skipped', { type: 'answered', node: 'skipped_q' }, false],
    ['answered of unknown', { type: 'answered', node: 'ghost' }, false],
    ['skipped by node id', { type: 'skipped', node: 'n_skipped_q' }, true],
    ['skipped of answered', { type: 'skipped', node: 'role' }, false],
    ['skipped of unasked', { type: 'skipped', node: 'ghost' }, false],
  ];
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, scope)).toBe(expected);
  });
});

describe('buildConditionScope', () => {
  it('keys answers by question key and maps node ids', () => {
    const bp = blueprintSchema.parse({
      id: 'b',
      name: 'B',
      variables: [{ name: 'tier', default: 'basic' }],
      graph: {
        entry_node: 'q1',
        nodes: { q1: { type: 'question', key: 'first', text: 'Q?' }, done: { type: 'end' } },
        edges: [{ from: 'q1', to: 'done' }],
      },
    });
    const { state } = start(bp, { run_id: 'r', participant: { name: 'Ann' } }, 0);
    const withAnswer = {
      ...state,
      answers: { q1: { ...rec('first'), node_id: 'q1', fields: { x: 1 } } },
    };
    const sc = buildConditionScope(bp, withAnswer);
    expect(evaluateCondition(s('first.x', 'eq', 1), sc)).toBe(true);
    expect(evaluateCondition({ type: 'answered', node: 'q1' }, sc)).toBe(true);
    expect(evaluateCondition(s('vars.tier', 'eq', 'basic'), sc)).toBe(true);
    expect(evaluateCondition(s('participant.name', 'eq', 'ann'), sc)).toBe(true);
  });
});
