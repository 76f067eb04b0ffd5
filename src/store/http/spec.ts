/**
 * What the served OpenAPI document says beyond the route schemas:
 * - `links` from each create operation (201) to the operations under its `/{id}` that use the id, and
 *   from a run to its result documents, so stateful clients and fuzzers can follow them (not to what a
 *   new object never has: a run's responses, analysis and recording exist only once it has ended);
 * - text never holds U+0000 (the store refuses it: PostgreSQL cannot store it), as a `pattern` on every
 *   free string, and `propertyNames` and a `JsonValue` for the other keys' values on every open object;
 * - the corrections of spec-shapes.ts (parameters, integer bounds, free JSON values).
 */
import {
  boundIntegers,
  fixParameters,
  JSON_VALUE_REF,
  JSON_VALUE_SCHEMA,
  nameJsonValues,
} from './spec-shapes.js';

type Json = Record<string, unknown>;

const NO_NUL = '^[^\\u0000]*$';
const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

/** Result documents a run names by id: GET /v1/interview-runs/{id} → GET /v1/<kind>/{id}. */
const RUN_DOCUMENTS: Record<string, string> = {
  transcript_id: '/v1/transcripts/{id}',
  responses_id: '/v1/responses/{id}',
  analysis_id: '/v1/analyses/{id}',
};

/** Operations under a created object's `/{id}` that answer 404 until later: no link from the create. */
const NOT_AT_CREATE = new Set([
  'get /v1/interview-runs/{id}/responses',
  'get /v1/interview-runs/{id}/analysis',
  'get /v1/interview-runs/{id}/audio',
]);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointer = (path: string, method: string) =>
  `#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}`;

function response(doc: Json, path: string, method: string, status: string): Json | undefined {
  const paths = doc['paths'];
  if (!isObject(paths)) return undefined;
  const item = paths[path];
  const op = isObject(item) ? item[method] : undefined;
  const responses = isObject(op) ? op['responses'] : undefined;
  const res = isObject(responses) ? responses[status] : undefined;
  return isObject(res) ? res : undefined;
}

function addLink(res: Json, name: string, path: string, method: string, expression: string): void {
  const links = isObject(res['links']) ? res['links'] : {};
  links[name] = { operationRef: pointer(path, method), parameters: { id: expression } };
  res['links'] = links;
}

function linkName(method: string, path: string, base: string): string {
  const rest = path
    .slice(base.length)
    .replace('/{id}', '')
    .replaceAll(/[^A-Za-z0-9]+/g, '_');
  return `${method}${rest === '' ? '' : rest}`;
}

export function addLinks(doc: Json): void {
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  for (const base of Object.keys(paths)) {
    const created = response(doc, base, 'post', '201');
    if (created === undefined) continue;
    for (const path of Object.keys(paths)) {
      if (!path.startsWith(`${base}/{id}`)) continue;
      const item = paths[path];
      for (const method of METHODS) {
        if (isObject(item) && isObject(item[method]) && !NOT_AT_CREATE.has(`${method} ${path}`))
          addLink(created, linkName(method, path, base), path, method, '$response.body#/id');
      }
    }
  }
  const run = response(doc, '/v1/interview-runs/{id}', 'get', '200');
  if (run === undefined) return;
  for (const [field, path] of Object.entries(RUN_DOCUMENTS))
    if (isObject(paths[path])) addLink(run, `get_${field}`, path, 'get', `$response.body#/${field}`);
}

/** Adds the no-NUL pattern to every string schema without a format, enum or pattern of its own. */
export function forbidNul(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) forbidNul(n);
    return;
  }
  if (!isObject(node)) return;
  const type = node['type'];
  const isString = type === 'string' || (Array.isArray(type) && type.includes('string'));
  if (isString && !('pattern' in node) && !('format' in node) && !('enum' in node) && !('const' in node))
    node['pattern'] = NO_NUL;
  // an object without `additionalProperties: false` is open (JSON Schema's default): its keys too
  const isObjectSchema = type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (
    (isObjectSchema || 'properties' in node) &&
    node['additionalProperties'] !== false &&
    !('propertyNames' in node)
  )
    node['propertyNames'] = { pattern: NO_NUL };
  // the values under its other keys are free JSON values (zod drops them; the NUL guard still reads them)
  if (
    (isObjectSchema || 'properties' in node) &&
    (!('additionalProperties' in node) || node['additionalProperties'] === true)
  )
    node['additionalProperties'] = { $ref: JSON_VALUE_REF };
  for (const [key, value] of Object.entries(node))
    if (key !== 'examples' && key !== 'example') forbidNul(value);
}

/** The served document: the generated one with links, the no-NUL rule and the corrections of spec-shapes. */
export function finishSpec<T extends object>(doc: T): T {
  const json = doc as Json;
  addLinks(json);
  for (const part of [json['components'], json['paths']]) {
    nameJsonValues(part);
    boundIntegers(part);
    forbidNul(part);
  }
  fixParameters(json);
  const components = isObject(json['components']) ? json['components'] : (json['components'] = {});
  const schemas = isObject(components['schemas']) ? components['schemas'] : (components['schemas'] = {});
  schemas['JsonValue'] = JSON_VALUE_SCHEMA;
  return doc;
}
