import type { Condition, ConditionValue, Operator } from '../blueprint/schema.js';

/**
 * Human-readable text for an edge condition, e.g. `role.seniority in [director, vp]`,
 * `all(answered(q1), vars.tier == gold)`, `not (score.value >= 7)`. Pure; shared by the graph renderers
 * and the console. The output is plain text: callers escape it for their target format.
 */
export function conditionToText(condition: Condition): string {
  switch (condition.type) {
    case 'structured':
      return structuredToText(condition.field, condition.operator, condition.value);
    case 'all':
    case 'any':
      return `${condition.type}(${condition.conditions.map(conditionToText).join(', ')})`;
    case 'not': {
      const inner = conditionToText(condition.condition);
      // A comparison is wrapped so that `not` visibly applies to all of it; call forms read fine as is.
      return condition.condition.type === 'structured' ? `not (${inner})` : `not ${inner}`;
    }
    case 'answered':
    case 'skipped':
      return `${condition.type}(${condition.node})`;
  }
}

const INFIX: Partial<Record<Operator, string>> = {
  eq: '==',
  neq: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  in: 'in',
  not_in: 'not in',
  contains: 'contains',
};

function structuredToText(field: string, operator: Operator, value: ConditionValue | undefined): string {
  switch (operator) {
    case 'exists':
      return `exists(${field})`;
    case 'not_exists':
      return `not exists(${field})`;
    case 'matches':
      return `${field} matches ${typeof value === 'string' ? `/${value}/` : formatValue(value)}`;
    default:
      return `${field} ${INFIX[operator] ?? operator} ${formatValue(value)}`;
  }
}

/** A bare word stays bare (`director`); anything that could be misread is JSON-quoted (`"true"`, `"a, b"`). */
const BARE_WORD = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;
const RESERVED = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'in']);

export function formatValue(value: ConditionValue | undefined): string {
  if (value === undefined) return '?';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v)).join(', ')}]`;
  if (typeof value === 'string') {
    return BARE_WORD.test(value) && !RESERVED.has(value) ? value : JSON.stringify(value);
  }
  return String(value);
}
