import { z } from '@hono/zod-openapi';
import { blueprintJsonSchema } from '../../blueprint/json-schema.js';
import { isoTime, metadataSchema, paginationQuery } from './common.js';

/**
 * Blueprints. POST/PATCH bodies are blueprint documents (src/blueprint/schema.ts) sent as JSON or as YAML
 * (`Content-Type: application/yaml`); they are checked by the full blueprint validator, whose problems are
 * returned in `error.details.problems` with their paths. `graph`, `settings`, ... are served as stored.
 */

export const blueprintProblemSchema = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning']),
    message: z.string(),
    path: z.string().openapi({ example: 'graph.edges.2.to' }),
    line: z.number().int(),
    col: z.number().int(),
  })
  .openapi('BlueprintProblem');

export const blueprintStatusSchema = z.enum(['draft', 'published', 'archived']);

const anyObject = z.record(z.string(), z.unknown());

export const blueprintSchemaOut = z
  .object({
    id: z.string(),
    object: z.literal('blueprint'),
    organization_id: z.string(),
    test_mode: z.boolean(),
    agent_id: z.string().nullable(),
    /** The document's own `id` (an identifier such as `churn-interview`). */
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    /** Version of the current definition (the draft, or the latest published version). */
    version: z.number().int(),
    /** Latest published version; runs pin it. Null until published. */
    published_version: z.number().int().nullable(),
    status: blueprintStatusSchema,
    graph: anyObject.openapi({ description: 'The question graph (see blueprint.schema.json).' }),
    settings: anyObject,
    pipeline: z.object({ transcript: z.boolean(), responses: z.boolean(), analysis: z.boolean() }),
    variables: z.array(anyObject),
    scorecard: anyObject.nullable(),
    metadata: metadataSchema,
    warnings: z.array(blueprintProblemSchema),
    published_at: isoTime.nullable(),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('Blueprint');
export type BlueprintDto = z.infer<typeof blueprintSchemaOut>;

export const blueprintVersionSchema = z
  .object({
    object: z.literal('blueprint_version'),
    blueprint_id: z.string(),
    version: z.number().int(),
    agent_id: z.string().nullable(),
    published_at: isoTime,
    definition: anyObject.openapi({ description: 'The frozen blueprint document.' }),
  })
  .openapi('BlueprintVersion');
export type BlueprintVersionDto = z.infer<typeof blueprintVersionSchema>;

export const blueprintWriteQuery = z.object({
  agent_id: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'Default agent for runs of this blueprint.' }),
});

export const blueprintListQuery = z.object({
  ...paginationQuery,
  status: blueprintStatusSchema.optional(),
});

/**
 * Request body documentation only: plain OpenAPI schemas, so no generic validator runs and the handler
 * parses the raw text itself (JSON or YAML) with the blueprint loader. The schema is the blueprint's own
 * JSON Schema (`parley schema`), its `$defs` moved to named components.
 */
const DOCUMENT = 'BlueprintDocument';
/** The smallest valid blueprint: one node, which ends the interview. */
const EXAMPLE_DOCUMENT = {
  id: 'example',
  name: 'Example',
  graph: { entry_node: 'done', nodes: { done: { type: 'end' } } },
};
const componentRef = (name: string) => `#/components/schemas/${DOCUMENT}${name === DOCUMENT ? '' : name}`;

function relocateRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relocateRefs);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
        ? componentRef(v.slice('#/$defs/'.length))
        : relocateRefs(v),
    ]),
  );
}

/** `BlueprintDocument` and one `BlueprintDocument<Name>` per shared definition (e.g. `…Condition`). */
export function blueprintDocumentComponents(): Record<string, Record<string, unknown>> {
  const { $schema: _s, $id: _i, title: _t, $defs, ...root } = blueprintJsonSchema();
  const out: Record<string, Record<string, unknown>> = {
    [DOCUMENT]: { ...(relocateRefs(root) as Record<string, unknown>), examples: [EXAMPLE_DOCUMENT] },
  };
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, unknown>))
    out[`${DOCUMENT}${name}`] = relocateRefs(def) as Record<string, unknown>;
  return out;
}

const documentRef = { $ref: componentRef(DOCUMENT) };
export const blueprintDocumentBody = {
  required: true,
  description:
    'A blueprint document as JSON, or the same document as YAML with Content-Type application/yaml. ' +
    'A document that matches this schema is still refused (400 INVALID_BLUEPRINT, the problems in ' +
    '`error.details.problems`) when the validator finds an error the schema cannot state: its graph ' +
    '(an edge to an unknown node, an unreachable node, a dead end, a cycle with no exit, …), its ' +
    'conditions and references (unknown fields, node refs, templates, duplicate keys), or a rule across ' +
    'fields (a scale whose max is not above its min).',
  content: {
    'application/json': { schema: documentRef },
    'application/yaml': { schema: documentRef },
  },
};
