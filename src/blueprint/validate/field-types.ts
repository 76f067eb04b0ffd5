import { parseFieldPath } from '../field-path.js';
import type { AnswerNode, Blueprint, BlueprintNode, CaptureField } from '../schema.js';
import { isAnswerNode } from '../schema.js';

/**
 * The static type of a condition `field` (see field-path.ts for the grammar):
 *   capture boolean/number/string/enum; `answered`/`skipped` boolean; `follow_ups` number;
 *   `value`: yes_no boolean, rating number (within the scale), choice an enum of its options, or a list
 *   of options when `multiple: true`; `vars.*` and `participant.*` string; `participant.metadata.*` unknown.
 */
export type FieldType =
  | { kind: 'boolean' }
  | { kind: 'number'; min?: number | undefined; max?: number | undefined }
  | { kind: 'string' }
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'enum_list'; options: readonly string[] }
  | { kind: 'unknown' };

export type FieldResolution = { ok: true; type: FieldType } | { ok: false; message: string };

type KeyedNode = AnswerNode | Extract<BlueprintNode, { type: 'consent' }>;

/** What condition fields can refer to: question keys (first node wins), node ids and declared variables. */
export interface FieldScope {
  keys: ReadonlyMap<string, { nodeId: string; node: KeyedNode }>;
  nodeIds: ReadonlyMap<string, BlueprintNode>;
  vars: ReadonlySet<string>;
}

export function buildFieldScope(blueprint: Blueprint): FieldScope {
  const keys = new Map<string, { nodeId: string; node: KeyedNode }>();
  const nodeIds = new Map<string, BlueprintNode>();
  for (const [nodeId, node] of Object.entries(blueprint.graph.nodes)) {
    nodeIds.set(nodeId, node);
    const keyed = keyedNode(node);
    if (keyed !== null && !keys.has(keyed.key)) keys.set(keyed.key, { nodeId, node: keyed });
  }
  return { keys, nodeIds, vars: new Set(blueprint.variables.map((v) => v.name)) };
}

export function keyedNode(node: BlueprintNode): KeyedNode | null {
  if (isAnswerNode(node)) return node;
  return node.type === 'consent' ? node : null;
}

export function resolveFieldType(field: string, scope: FieldScope): FieldResolution {
  const parsed = parseFieldPath(field);
  switch (parsed.scope) {
    case 'invalid':
      return { ok: false, message: `"${field}" is not a condition field: expected ${parsed.reason}` };
    case 'vars':
      return scope.vars.has(parsed.name)
        ? { ok: true, type: { kind: 'string' } }
        : {
            ok: false,
            message: `"${field}" names variable "${parsed.name}", which is not declared under variables`,
          };
    case 'participant':
      return { ok: true, type: { kind: 'string' } };
    case 'participant_metadata':
      return { ok: true, type: { kind: 'unknown' } };
    case 'node':
      return resolveNodeAttr(field, parsed.key, parsed.attr, scope);
    case 'capture':
      return resolveCapture(field, parsed.key, parsed.field, scope);
  }
}

function resolveNodeAttr(
  field: string,
  key: string,
  attr: 'answered' | 'skipped' | 'value' | 'follow_ups',
  scope: FieldScope,
): FieldResolution {
  const found = lookupKey(field, key, scope);
  if (!found.ok) return found;
  switch (attr) {
    case 'answered':
    case 'skipped':
      return { ok: true, type: { kind: 'boolean' } };
    case 'follow_ups':
      return { ok: true, type: { kind: 'number', min: 0 } };
    case 'value':
      return valueType(field, found.node);
  }
}

function resolveCapture(field: string, key: string, name: string, scope: FieldScope): FieldResolution {
  const found = lookupKey(field, key, scope);
  if (!found.ok) return found;
  if (found.node.type === 'consent') {
    return { ok: false, message: `"${field}": consent node "${key}" captures no fields` };
  }
  const capture = Object.hasOwn(found.node.capture, name) ? found.node.capture[name] : undefined;
  if (capture === undefined) {
    const known = Object.keys(found.node.capture);
    return {
      ok: false,
      message:
        `"${field}": question "${key}" has no capture field "${name}"` +
        (known.length > 0 ? ` (capture fields: ${known.join(', ')})` : ' (it declares no capture fields)') +
        '; node attributes are answered, skipped, value and follow_ups',
    };
  }
  return { ok: true, type: captureType(capture) };
}

function lookupKey(
  field: string,
  key: string,
  scope: FieldScope,
): { ok: true; node: KeyedNode } | { ok: false; message: string } {
  const found = scope.keys.get(key);
  if (found !== undefined) return { ok: true, node: found.node };
  const byId = scope.nodeIds.get(key);
  const hint =
    byId !== undefined && keyedNode(byId) !== null
      ? `; node "${key}" has key "${keyedNode(byId)?.key ?? ''}" — fields name question keys, not node ids`
      : '';
  return { ok: false, message: `"${field}": no question has key "${key}"${hint}` };
}

function valueType(field: string, node: KeyedNode): FieldResolution {
  switch (node.type) {
    case 'yes_no':
      return { ok: true, type: { kind: 'boolean' } };
    case 'rating':
      return { ok: true, type: { kind: 'number', min: node.scale.min, max: node.scale.max } };
    case 'choice':
      return {
        ok: true,
        type: node.multiple
          ? { kind: 'enum_list', options: node.options }
          : { kind: 'enum', options: node.options },
      };
    case 'question':
    case 'consent':
      return {
        ok: false,
        message: `"${field}": .value exists only on yes_no, choice and rating nodes, and "${node.key}" is a ${node.type} node (capture a field instead)`,
      };
  }
}

function captureType(capture: CaptureField): FieldType {
  switch (capture.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'number':
      return { kind: 'number', min: capture.min, max: capture.max };
    case 'string':
      return { kind: 'string' };
    case 'enum':
      return { kind: 'enum', options: capture.options };
  }
}

export function describeType(type: FieldType): string {
  switch (type.kind) {
    case 'boolean':
      return 'a boolean';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'enum':
      return `one of ${type.options.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'enum_list':
      return `a list of ${type.options.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'unknown':
      return 'a value of unknown type';
  }
}
