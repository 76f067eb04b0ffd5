import { z } from '@hono/zod-openapi';
import { webhookEventTypeSchema } from '../webhooks/types.js';
import { HTTP_URL_PATTERN, isoTime } from './common.js';

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    object: z.literal('webhook_endpoint'),
    organization_id: z.string(),
    test_mode: z.boolean(),
    url: z.string(),
    description: z.string().nullable(),
    /** Empty = every event type. */
    event_types: z.array(webhookEventTypeSchema),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('WebhookEndpoint');
export type WebhookEndpointDto = z.infer<typeof webhookEndpointSchema>;

export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({ secret: z.string().openapi({ description: 'whsec_… signing secret; shown only on create.' }) })
  .openapi('CreatedWebhookEndpoint');

const url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .openapi({
    pattern: HTTP_URL_PATTERN,
    description:
      'http(s), no credentials. The host must resolve, and only to public addresses (unless the store sets PARLEY_WEBHOOK_ALLOW_PRIVATE): else 400 INVALID_WEBHOOK_URL with details.reason (unresolvable, blocked_host, blocked_address).',
  });

export const createWebhookEndpointBody = z
  .strictObject({
    url,
    description: z.string().max(500).optional(),
    event_types: z.array(webhookEventTypeSchema).default([]),
    enabled: z.boolean().default(true),
  })
  .openapi('CreateWebhookEndpoint');

export const updateWebhookEndpointBody = z
  .strictObject({
    url: url.optional(),
    description: z.string().max(500).nullable().optional(),
    event_types: z.array(webhookEventTypeSchema).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('UpdateWebhookEndpoint');

export const webhookAttemptOutSchema = z.object({
  attempt: z.number().int(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number(),
  error: z.string().nullable(),
  at: isoTime,
});

export const webhookDeliveryOutSchema = z
  .object({
    id: z.string(),
    object: z.literal('webhook_delivery'),
    endpoint_id: z.string().nullable(),
    run_id: z.string().nullable(),
    event_type: z.string(),
    message_id: z.string(),
    url: z.string(),
    status: z.string(),
    attempts: z.array(webhookAttemptOutSchema),
    next_attempt_at: isoTime.nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: isoTime,
  })
  .openapi('WebhookDelivery');
export type WebhookDeliveryDto = z.infer<typeof webhookDeliveryOutSchema>;

export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  endpoint_id: z.string().max(100).optional(),
  run_id: z.string().max(100).optional(),
});
