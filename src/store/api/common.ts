import { z } from '@hono/zod-openapi';

/** Shapes shared by every resource: errors, lists, ids, timestamps. */

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'NOT_FOUND' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const isoTime = z.string().openapi({ format: 'date-time', example: '2026-05-15T09:00:00.000Z' });
export const metadataSchema = z.record(z.string(), z.unknown());

export const idParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().max(100).optional(),
  ending_before: z.string().max(100).optional(),
};

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
  });
}

export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: errorBodySchema } } },
  401: {
    description: 'Missing or invalid credentials',
    content: { 'application/json': { schema: errorBodySchema } },
  },
  403: { description: 'The key lacks a scope', content: { 'application/json': { schema: errorBodySchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: errorBodySchema } } },
  409: {
    description: 'Conflict with the current state',
    content: { 'application/json': { schema: errorBodySchema } },
  },
  429: { description: 'Rate limited', content: { 'application/json': { schema: errorBodySchema } } },
} as const;

export function jsonBody<T extends z.ZodType>(schema: T, description = 'JSON body') {
  return { required: true, description, content: { 'application/json': { schema } } };
}

export function jsonOk<T extends z.ZodType>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}
