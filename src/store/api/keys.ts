import { z } from '@hono/zod-openapi';
import { isoTime, NOT_BLANK } from './common.js';

export const SCOPES = [
  'interviews:read',
  'interviews:write',
  'blueprints:write',
  'agents:write',
  'admin',
] as const;
export const scopeSchema = z.enum(SCOPES);
export type Scope = z.infer<typeof scopeSchema>;

export const apiKeySchema = z
  .object({
    id: z.string(),
    object: z.literal('api_key'),
    organization_id: z.string(),
    test_mode: z.boolean(),
    name: z.string(),
    prefix: z.string().openapi({ example: 'pk_live_3fA9' }),
    scopes: z.array(scopeSchema),
    last_used_at: isoTime.nullable(),
    expires_at: isoTime.nullable(),
    revoked_at: isoTime.nullable(),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('ApiKey');
export type ApiKeyDto = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().openapi({ description: 'The full key. Shown only once.' }) })
  .openapi('CreatedApiKey');

/** Also refused: more than 10 active keys per organisation (400 LIMIT_EXCEEDED). */
export const createApiKeyBody = z
  .strictObject({
    name: z.string().max(100).trim().min(1).openapi({ pattern: NOT_BLANK }),
    scopes: z.array(scopeSchema).min(1).default(['interviews:read', 'interviews:write']),
    /** Defaults to the mode of the key making the request. */
    test_mode: z.boolean().optional(),
    expires_at: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Must be in the future: else 400 VALIDATION_FAILED (issue path expires_at).' }),
  })
  .openapi('CreateApiKey');

export const renameApiKeyBody = z
  .strictObject({ name: z.string().max(100).trim().min(1).openapi({ pattern: NOT_BLANK }) })
  .openapi('RenameApiKey');

export const meSchema = z
  .object({
    object: z.literal('me'),
    organization: z.object({ id: z.string(), name: z.string(), created_at: isoTime }),
    api_key: apiKeySchema,
  })
  .openapi('Me');
