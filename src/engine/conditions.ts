import type { AnswerRecord, EngineState, Participant } from './types.js';
import { parseFieldPath } from '../blueprint/field-path.js';
import type { Blueprint, Condition, ConditionValue } from '../blueprint/schema.js';

/**
 * Runtime evaluation of edge conditions against an interview's state. Pure.
 *
 * Field resolution (see `field-path.ts` for the grammar):
 *   <key>.answered     boolean, always present: the node's record has status `answered`
 *   <key>.skipped      boolean, always present: the node's record has status `declined` or `skipped`
 *   <key>.follow_ups   number, always present (0 for a node never asked)
 *   <key>.value        the typed answer; missing when never given
 *   <key>.<field>      a captured field; missing when never captured
 *   vars.<name>        missing when the run has no such variable
 *   participant.name|external_id|email, participant.metadata.<field>
 * `null` and `undefined` both count as missing. An invalid path is always missing.
 *
 * Operators on a MISSING field: `not_exists`, `neq` and `not_in` are true, every other operator is false.
 * On a present field:
 *   eq / neq      loose equality: numbers and numeric strings compare as numbers, booleans match
 *                 "true"/"false", other strings compare trimmed and case-insensitively; arrays equal
 *                 arrays with the same elements in any order (an array never equals a scalar)
 *   gt gte lt lte numeric only (numbers or numeric strings); anything else is false
 *   in / not_in   the condition value is a list (a scalar is a one-element list); a scalar field is in
 *                 it when it loosely equals an element, an array field when any element is
 *   contains      a string field contains the value as a case-insensitive substring; an array field
 *                 has an element loosely equal to it. A list value requires every element.
 *   exists        the field is present; not_exists the opposite
 *   matches       the value is a regular expression tested case-insensitively against a string (or
 *                 number) field, or any element of an array field. An invalid regex is false.
 */
export interface ConditionScope {
  /** Answer records by question key. */
  answers: Readonly<Record<string, AnswerRecord>>;
  vars: Readonly<Record<string, string>>;
  participant: Participant;
  /** Node id → question key, so that `{type: answered, node}` may name a node id or a key. */
  nodeKeys?: Readonly<Record<string, string>>;
}

export function buildConditionScope(blueprint: Blueprint, state: EngineState): ConditionScope {
  const answers: Record<string, AnswerRecord> = {};
  for (const record of Object.values(state.answers)) answers[record.key] = record;
  const nodeKeys: Record<string, string> = {};
  for (const [id, node] of Object.entries(blueprint.graph.nodes)) {
    if ('key' in node) nodeKeys[id] = node.key;
  }
  return { answers, vars: state.run.vars, participant: state.run.participant, nodeKeys };
}

type Resolved = { present: false } | { present: true; value: unknown };
const MISSING: Resolved = { present: false };

function present(value: unknown): Resolved {
  return value === undefined || value === null ? MISSING : { present: true, value };
}

/** `{type: answered|skipped, node}`: a node id first, else a question key. */
function recordFor(scope: ConditionScope, nodeOrKey: string): AnswerRecord | undefined {
  const key = scope.nodeKeys?.[nodeOrKey];
  return scope.answers[key ?? nodeOrKey];
}

export function resolveField(field: string, scope: ConditionScope): Resolved {
  const path = parseFieldPath(field);
  switch (path.scope) {
    case 'node': {
      const record = scope.answers[path.key];
      switch (path.attr) {
        case 'answered':
          return { present: true, value: record?.status === 'answered' };
        case 'skipped':
          return { present: true, value: record !== undefined && record.status !== 'answered' };
        case 'follow_ups':
          return { present: true, value: record?.follow_ups ?? 0 };
        case 'value':
          return present(record?.value);
      }
      break;
    }
    case 'capture':
      return present(scope.answers[path.key]?.fields[path.field]);
    case 'vars':
      return present(Object.hasOwn(scope.vars, path.name) ? scope.vars[path.name] : undefined);
    case 'participant':
      return present(scope.participant[path.field]);
    case 'participant_metadata': {
      const meta = scope.participant.metadata;
      return present(meta !== undefined && Object.hasOwn(meta, path.field) ? meta[path.field] : undefined);
    }
    case 'invalid':
      return MISSING;
  }
  return MISSING;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

function scalarEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const x = asBoolean(a);
    const y = asBoolean(b);
    return x !== undefined && x === y;
  }
  if (typeof a === 'number' || typeof b === 'number') {
    const x = asNumber(a);
    const y = asNumber(b);
    return x !== undefined && x === y;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return a.trim().toLowerCase() === b.trim().toLowerCase();
  }
  return a === b;
}

export function looseEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const remaining = [...b];
    for (const item of a) {
      const i = remaining.findIndex((r) => scalarEqual(item, r));
      if (i < 0) return false;
      remaining.splice(i, 1);
    }
    return true;
  }
  return scalarEqual(a, b);
}

function asList(value: ConditionValue | undefined): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function isIn(actual: unknown, value: ConditionValue | undefined): boolean {
  const list = asList(value);
  const items = Array.isArray(actual) ? actual : [actual];
  return items.some((item) => list.some((l) => scalarEqual(item, l)));
}

function containsOne(actual: unknown, needle: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => scalarEqual(item, needle));
  if (typeof actual === 'string' && (typeof needle === 'string' || typeof needle === 'number')) {
    return actual.toLowerCase().includes(String(needle).toLowerCase());
  }
  return false;
}

function compileRegex(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== 'string') return undefined;
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
}

function matches(actual: unknown, pattern: ConditionValue | undefined): boolean {
  const re = compileRegex(pattern);
  if (re === undefined) return false;
  const items = Array.isArray(actual) ? actual : [actual];
  return items.some(
    (item) => (typeof item === 'string' || typeof item === 'number') && re.test(String(item)),
  );
}

function compare(actual: unknown, value: ConditionValue | undefined, cmp: (a: number, b: number) => boolean) {
  const a = asNumber(actual);
  const b = asNumber(value);
  return a !== undefined && b !== undefined && cmp(a, b);
}

function evaluateStructured(
  field: string,
  operator: Extract<Condition, { type: 'structured' }>['operator'],
  value: ConditionValue | undefined,
  scope: ConditionScope,
): boolean {
  const resolved = resolveField(field, scope);
  if (!resolved.present) return operator === 'not_exists' || operator === 'neq' || operator === 'not_in';
  const actual = resolved.value;
  switch (operator) {
    case 'exists':
      return true;
    case 'not_exists':
      return false;
    case 'eq':
      return looseEqual(actual, value);
    case 'neq':
      return !looseEqual(actual, value);
    case 'gt':
      return compare(actual, value, (a, b) => a > b);
    case 'gte':
      return compare(actual, value, (a, b) => a >= b);
    case 'lt':
      return compare(actual, value, (a, b) => a < b);
    case 'lte':
      return compare(actual, value, (a, b) => a <= b);
    case 'in':
      return isIn(actual, value);
    case 'not_in':
      return !isIn(actual, value);
    case 'contains': {
      const needles = asList(value);
      return needles.length > 0 && needles.every((n) => containsOne(actual, n));
    }
    case 'matches':
      return matches(actual, value);
  }
}

export function evaluateCondition(condition: Condition, scope: ConditionScope): boolean {
  switch (condition.type) {
    case 'structured':
      return evaluateStructured(condition.field, condition.operator, condition.value, scope);
    case 'all':
      return condition.conditions.every((c) => evaluateCondition(c, scope));
    case 'any':
      return condition.conditions.some((c) => evaluateCondition(c, scope));
    case 'not':
      return !evaluateCondition(condition.condition, scope);
    case 'answered':
      return recordFor(scope, condition.node)?.status === 'answered';
    case 'skipped': {
      const record = recordFor(scope, condition.node);
      return record !== undefined && record.status !== 'answered';
    }
  }
}
