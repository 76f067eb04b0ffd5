import { z } from '@hono/zod-openapi';
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
 * parses the raw text itself (JSON or YAML) with the blueprint loader.
 */
const documentRef = {
  type: 'object' as const,
  description: 'A blueprint document (see blueprint.schema.json).',
  additionalProperties: true,
};
export const blueprintDocumentBody = {
  required: true,
  description: 'A blueprint document as JSON, or as YAML with Content-Type application/yaml.',
  content: {
    'application/json': { schema: documentRef },
    'application/yaml': { schema: { type: 'string' as const } },
  },
};
