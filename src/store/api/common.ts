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

/** One address, as SMTP takes it: local@domain, no spaces, no display name, ≤ 254 characters. */
export const EMAIL_ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
export const EMAIL_MAX = 254;

/** An http(s) URL without credentials (OpenAPI pattern beside `format: uri`). */
export const HTTP_URL_PATTERN = '^https?://[^/?#@\\s]+([/?#]\\S*)?$';

/** Text that is not blank once trimmed (zod's `.trim().min(1)`), and holds no U+0000. */
export const NOT_BLANK = '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$';

export const isoTime = z.string().openapi({ format: 'date-time', example: '2026-05-15T09:00:00.000Z' });
export const metadataSchema = z.record(z.string(), z.unknown());

export const idParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/**
 * List parameters. Cursor listing (default): `limit` with one of `starting_after` / `ending_before` (an id
 * from the list; unknown → 400). Page-number listing: `page` (1-based) and `page_size`; the answer adds
 * `total_count` and `total_pages`. Mixing the two is a 400.
 */
export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().max(100).optional().openapi({
    description:
      'Cursor: the id of the last object of the previous page (an id of this list: else 400 VALIDATION_FAILED "unknown cursor"). Not with ending_before, page or page_size: 400 VALIDATION_FAILED.',
  }),
  ending_before: z.string().max(100).optional().openapi({
    description:
      'Cursor: the id of the first object of the next page (an id of this list: else 400 VALIDATION_FAILED "unknown cursor"). Not with starting_after, page or page_size: 400 VALIDATION_FAILED.',
  }),
  page: z.coerce.number().int().min(1).max(100_000).optional().openapi({
    description: 'Page number (1-based). Not with starting_after or ending_before: 400 VALIDATION_FAILED.',
  }),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'Results per page with page (default: limit).' }),
};

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
    total_count: z.number().int().optional().openapi({ description: 'Page-number listing only.' }),
    total_pages: z.number().int().optional().openapi({ description: 'Page-number listing only.' }),
  });
}

/** The list body of one page of `data`. */
export function listBody<T>(
  page: { has_more: boolean; next_cursor: string | null; total_count?: number; total_pages?: number },
  data: T[],
) {
  return {
    object: 'list' as const,
    data,
    has_more: page.has_more,
    next_cursor: page.next_cursor,
    ...(page.total_count !== undefined
      ? { total_count: page.total_count, total_pages: page.total_pages ?? 0 }
      : {}),
  };
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

/** Also possible on operations that take a body. */
export const bodyErrorResponses = {
  413: { description: 'Body too large', content: { 'application/json': { schema: errorBodySchema } } },
  415: {
    description: 'Unsupported Content-Type',
    content: { 'application/json': { schema: errorBodySchema } },
  },
} as const;

export function jsonBody<T extends z.ZodType>(schema: T, description = 'JSON body') {
  return { required: true, description, content: { 'application/json': { schema } } };
}

export function jsonOk<T extends z.ZodType>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}
