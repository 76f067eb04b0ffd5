import type { Blueprint, Condition, ConditionValue, Operator } from '../schema.js';
import { describeType, keyedNode, resolveFieldType, type FieldScope, type FieldType } from './field-types.js';
import { errorAt, warningAt, type BlueprintProblem, type ProblemPath } from './problems.js';

/**
 * Edge conditions: `answered`/`skipped` must name a node (UNKNOWN_NODE_REF); a structured `field` must
 * name something that exists (UNKNOWN_FIELD) and its operator and value must fit the field's type
 * (OPERATOR_TYPE_MISMATCH, ENUM_VALUE_UNKNOWN, INVALID_REGEX, VALUE_OUT_OF_RANGE as a warning).
 */
export function checkConditions(blueprint: Blueprint, scope: FieldScope): BlueprintProblem[] {
  const problems: BlueprintProblem[] = [];
  blueprint.graph.edges.forEach((edge, i) => {
    if (edge.condition !== undefined) {
      checkCondition(edge.condition, ['graph', 'edges', i, 'condition'], scope, problems);
    }
  });
  return problems;
}

function checkCondition(
  condition: Condition,
  path: ProblemPath,
  scope: FieldScope,
  out: BlueprintProblem[],
): void {
  switch (condition.type) {
    case 'all':
    case 'any':
      condition.conditions.forEach((c, j) => checkCondition(c, [...path, 'conditions', j], scope, out));
      return;
    case 'not':
      checkCondition(condition.condition, [...path, 'condition'], scope, out);
      return;
    case 'answered':
    case 'skipped': {
      // The engine resolves `node` as a node id first, else as a question key (src/blueprint/conditions.ts).
      const message = nodeRefProblem(condition.node, scope);
      if (message !== null)
        out.push(errorAt('UNKNOWN_NODE_REF', [...path, 'node'], `${condition.type} condition: ${message}`));
      return;
    }
    case 'structured': {
      const resolved = resolveFieldType(condition.field, scope);
      if (!resolved.ok) {
        out.push(errorAt('UNKNOWN_FIELD', [...path, 'field'], resolved.message));
        return;
      }
      out.push(...checkOperator(condition.field, resolved.type, condition.operator, condition.value, path));
      return;
    }
  }
}

function nodeRefProblem(ref: string, scope: FieldScope): string | null {
  if (scope.keys.has(ref)) return null;
  const node = scope.nodeIds.get(ref);
  if (node === undefined) return `"${ref}" is neither a node id nor a question key`;
  return keyedNode(node) === null ? `node "${ref}" is a ${node.type} node, which takes no answer` : null;
}

/** Does `operator` with `value` fit a field of `type`? Problems point at `operator` or `value` under `path`. */
export function checkOperator(
  field: string,
  type: FieldType,
  operator: Operator,
  value: ConditionValue | undefined,
  path: ProblemPath,
): BlueprintProblem[] {
  const opPath = [...path, 'operator'];
  const valuePath = [...path, 'value'];
  const mismatch = (at: ProblemPath, message: string): BlueprintProblem[] => [
    errorAt('OPERATOR_TYPE_MISMATCH', at, `${field} ${operator}: ${message}`),
  ];
  const isTyped = type.kind !== 'unknown';

  switch (operator) {
    case 'exists':
    case 'not_exists':
      return value === undefined ? [] : mismatch(valuePath, `${operator} takes no value; remove "value"`);
    case 'eq':
    case 'neq':
      if (value === undefined) return mismatch(opPath, 'needs a value');
      if (type.kind === 'enum_list') {
        return mismatch(opPath, `${field} is a list (a multiple choice); use contains or in`);
      }
      if (value === null && isTyped)
        return mismatch(valuePath, 'null is not a value; use exists or not_exists');
      if (Array.isArray(value) && isTyped) return mismatch(valuePath, `a list value needs in or not_in`);
      return scalarFits(field, type, value, valuePath, operator);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (type.kind !== 'number' && isTyped) {
        return mismatch(opPath, `${operator} compares numbers, but ${field} is ${describeType(type)}`);
      }
      if (typeof value !== 'number') return mismatch(valuePath, `${operator} needs a number value`);
      return scalarFits(field, type, value, valuePath, operator);
    case 'in':
    case 'not_in':
      if (!Array.isArray(value)) return mismatch(valuePath, `${operator} needs a list value, e.g. [a, b]`);
      return value.flatMap((item, k) =>
        scalarFits(
          field,
          type.kind === 'enum_list' ? { kind: 'enum', options: type.options } : type,
          item,
          [...valuePath, k],
          operator,
        ),
      );
    case 'contains':
      return checkContains(field, type, value, opPath, valuePath);
    case 'matches':
      if (type.kind !== 'string' && type.kind !== 'enum' && isTyped) {
        return mismatch(
          opPath,
          `matches tests text against a regular expression, but ${field} is ${describeType(type)}`,
        );
      }
      if (typeof value !== 'string')
        return mismatch(valuePath, 'matches needs a regular expression string value');
      try {
        new RegExp(value);
        return [];
      } catch (e) {
        return [errorAt('INVALID_REGEX', valuePath, `${field} matches: ${(e as Error).message}`)];
      }
  }
}

function checkContains(
  field: string,
  type: FieldType,
  value: ConditionValue | undefined,
  opPath: ProblemPath,
  valuePath: ProblemPath,
): BlueprintProblem[] {
  const mismatch = (at: ProblemPath, message: string): BlueprintProblem[] => [
    errorAt('OPERATOR_TYPE_MISMATCH', at, `${field} contains: ${message}`),
  ];
  switch (type.kind) {
    case 'boolean':
    case 'number':
      return mismatch(opPath, `contains works on text and lists, but ${field} is ${describeType(type)}`);
    case 'string':
    case 'enum':
      return typeof value === 'string' ? [] : mismatch(valuePath, 'contains needs a string value');
    case 'enum_list':
      return typeof value === 'string'
        ? scalarFits(field, { kind: 'enum', options: type.options }, value, valuePath, 'contains')
        : mismatch(valuePath, 'contains needs one option as its value');
    case 'unknown':
      return value === undefined || value === null ? mismatch(valuePath, 'contains needs a value') : [];
  }
}

/** One scalar compared with (eq/neq/gt/.../in elements) a field of `type`. */
function scalarFits(
  field: string,
  type: FieldType,
  value: ConditionValue,
  at: ProblemPath,
  operator: Operator,
): BlueprintProblem[] {
  const wrong = (): BlueprintProblem[] => [
    errorAt(
      'OPERATOR_TYPE_MISMATCH',
      at,
      `${field} ${operator}: ${JSON.stringify(value)} is not ${describeType(type)}, which ${field} is`,
    ),
  ];
  switch (type.kind) {
    case 'unknown':
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong();
    case 'string':
      return typeof value === 'string' ? [] : wrong();
    case 'number': {
      if (typeof value !== 'number') return wrong();
      const below = type.min !== undefined && value < type.min;
      const above = type.max !== undefined && value > type.max;
      return below || above
        ? [
            warningAt(
              'VALUE_OUT_OF_RANGE',
              at,
              `${field} ${operator}: ${value} is outside ${field}'s range ${type.min ?? '-∞'}..${type.max ?? '∞'}`,
            ),
          ]
        : [];
    }
    case 'enum':
    case 'enum_list':
      if (typeof value !== 'string') return wrong();
      return type.options.includes(value)
        ? []
        : [
            errorAt(
              'ENUM_VALUE_UNKNOWN',
              at,
              `${field} ${operator}: "${value}" is not an option of ${field} (options: ${type.options.join(', ')})`,
            ),
          ];
  }
}
