import { describe, expect, it } from 'vitest';
import { conditionSchema, type Condition } from '../../src/blueprint/schema.js';
import { conditionToText, formatValue } from '../../src/graph/condition-text.js';

const text = (c: unknown): string => conditionToText(conditionSchema.parse(c));
const cmp = (operator: string, value?: unknown) =>
  text({ type: 'structured', field: 'role.seniority', operator, ...(value === undefined ? {} : { value }) });

describe('conditionToText', () => {
  it('renders every comparison operator readably', () => {
    expect(cmp('eq', 'vp')).toBe('role.seniority == vp');
    expect(cmp('neq', 'vp')).toBe('role.seniority != vp');
    expect(cmp('gt', 3)).toBe('role.seniority > 3');
    expect(cmp('gte', 3)).toBe('role.seniority >= 3');
    expect(cmp('lt', -1.5)).toBe('role.seniority < -1.5');
    expect(cmp('lte', 0)).toBe('role.seniority <= 0');
    expect(cmp('in', ['director', 'vp'])).toBe('role.seniority in [director, vp]');
    expect(cmp('not_in', ['ic'])).toBe('role.seniority not in [ic]');
    expect(cmp('contains', 'lead')).toBe('role.seniority contains lead');
    expect(cmp('exists')).toBe('exists(role.seniority)');
    expect(cmp('not_exists')).toBe('not exists(role.seniority)');
    expect(cmp('matches', '^v?p$')).toBe('role.seniority matches /^v?p$/');
  });

  it('quotes string values that could be misread, keeps bare words bare', () => {
    expect(formatValue('director')).toBe('director');
    expect(formatValue('säljare')).toBe('säljare');
    expect(formatValue('true')).toBe('"true"');
    expect(formatValue('null')).toBe('"null"');
    expect(formatValue('42')).toBe('"42"');
    expect(formatValue('')).toBe('""');
    expect(formatValue('a, b')).toBe('"a, b"');
    expect(formatValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(formatValue('in')).toBe('"in"');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(['a b', 2, false])).toBe('["a b", 2, false]');
    expect(formatValue(undefined)).toBe('?');
  });

  it('renders answered / skipped as calls and combinators as nested calls', () => {
    expect(text({ type: 'answered', node: 'q1' })).toBe('answered(q1)');
    expect(text({ type: 'skipped', node: 'q1' })).toBe('skipped(q1)');
    const nested: Condition = {
      type: 'all',
      conditions: [
        { type: 'answered', node: 'q1' },
        {
          type: 'any',
          conditions: [
            { type: 'structured', field: 'vars.tier', operator: 'eq', value: 'gold' },
            { type: 'not', condition: { type: 'skipped', node: 'q2' } },
          ],
        },
      ],
    };
    expect(conditionToText(nested)).toBe('all(answered(q1), any(vars.tier == gold, not skipped(q2)))');
  });

  it('parenthesises a negated comparison so `not` visibly covers all of it', () => {
    expect(
      text({ type: 'not', condition: { type: 'structured', field: 'sat.value', operator: 'lt', value: 3 } }),
    ).toBe('not (sat.value < 3)');
    expect(
      text({ type: 'not', condition: { type: 'not', condition: { type: 'answered', node: 'a' } } }),
    ).toBe('not not answered(a)');
  });

  it('does not crash on a comparison without a value (the validator reports it)', () => {
    expect(cmp('eq')).toBe('role.seniority == ?');
  });
});
