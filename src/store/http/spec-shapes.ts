/**
 * Corrections to what the generator writes, so the served document says exactly what the store accepts:
 * - a parameter is text: never JSON `null` (the generator writes `[integer, null]` for coerced numbers),
 *   and a path parameter is always required;
 * - zod's `.int()` is a safe integer, so an integer without bounds gets ±(2^53 − 1);
 * - a free JSON value (`z.unknown()`, written as `{}`) is the named `JsonValue`: any JSON value whose
 *   text and keys never hold U+0000, at any depth.
 */

type Json = Record<string, unknown>;

const NO_NUL = '^[^\\u0000]*$';
export const JSON_VALUE_REF = '#/components/schemas/JsonValue';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One schema, recursive through `items` and `additionalProperties`; each keyword applies to its type. */
export const JSON_VALUE_SCHEMA: Json = {
  description: 'Any JSON value. Text and keys never hold U+0000, at any depth.',
  type: ['string', 'number', 'boolean', 'null', 'array', 'object'],
  pattern: NO_NUL,
  items: { $ref: JSON_VALUE_REF },
  additionalProperties: { $ref: JSON_VALUE_REF },
  propertyNames: { pattern: NO_NUL },
};

function operations(doc: Json): Json[] {
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  return Object.values(paths)
    .filter(isObject)
    .flatMap((item) => Object.values(item).filter(isObject));
}

export function fixParameters(doc: Json): void {
  for (const op of operations(doc)) {
    const params = Array.isArray(op['parameters']) ? op['parameters'] : [];
    for (const p of params.filter(isObject)) {
      if (p['in'] === 'path') p['required'] = true;
      const schema = p['schema'];
      if (!isObject(schema) || !Array.isArray(schema['type'])) continue;
      const types = (schema['type'] as unknown[]).filter((t) => t !== 'null');
      schema['type'] = types.length === 1 ? types[0] : types;
    }
  }
}

/** Bounds every integer schema the way zod checks it. */
export function boundIntegers(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) boundIntegers(n);
    return;
  }
  if (!isObject(node)) return;
  const type = node['type'];
  if (type === 'integer' || (Array.isArray(type) && type.includes('integer'))) {
    if (!('maximum' in node) && !('exclusiveMaximum' in node)) node['maximum'] = Number.MAX_SAFE_INTEGER;
    if (!('minimum' in node) && !('exclusiveMinimum' in node)) node['minimum'] = -Number.MAX_SAFE_INTEGER;
  }
  for (const [key, value] of Object.entries(node))
    if (key !== 'examples' && key !== 'example' && key !== 'default') boundIntegers(value);
}

const isAnything = (v: unknown): boolean =>
  isObject(v) && Object.keys(v).every((k) => k === 'description' || k === 'title');

/** Replaces each "any value" schema under `items`, `additionalProperties` and `properties` with `JsonValue`. */
export function nameJsonValues(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) nameJsonValues(n);
    return;
  }
  if (!isObject(node)) return;
  for (const key of ['items', 'additionalProperties'])
    if (isAnything(node[key])) node[key] = { ...(node[key] as Json), $ref: JSON_VALUE_REF };
  const props = node['properties'];
  if (isObject(props))
    for (const [name, schema] of Object.entries(props))
      if (isAnything(schema)) props[name] = { ...(schema as Json), $ref: JSON_VALUE_REF };
  for (const [key, value] of Object.entries(node))
    if (key !== 'examples' && key !== 'example' && key !== 'default') nameJsonValues(value);
}
