import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { ParleyError } from '../../../errors/parley-error.js';
import { idParams, jsonBody, jsonOk, listBody, listOf, paginationQuery } from '../../api/common.js';
import {
  createWebhookEndpointBody,
  createdWebhookEndpointSchema,
  deliveriesQuery,
  updateWebhookEndpointBody,
  webhookDeliveryOutSchema,
  webhookEndpointSchema,
  type WebhookDeliveryDto,
  type WebhookEndpointDto,
} from '../../api/webhooks.js';
import type { AttemptRow, DeliveryRow } from '../../db/outbox.js';
import type { StoreDeps } from '../../deps.js';
import type { EndpointRow } from '../../repos/webhook-endpoints.js';
import { generateSecret } from '../../webhooks/signing.js';
import type { WebhookEventType } from '../../webhooks/types.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

function endpointDto(r: EndpointRow): WebhookEndpointDto {
  return {
    id: r.id,
    object: 'webhook_endpoint',
    organization_id: r.organizationId,
    test_mode: r.testMode,
    url: r.url,
    description: r.description,
    event_types: r.eventTypes as WebhookEventType[],
    enabled: r.enabled,
    disabled_reason: r.disabledReason,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

function deliveryDto(d: DeliveryRow, attempts: AttemptRow[]): WebhookDeliveryDto {
  return {
    id: d.id,
    object: 'webhook_delivery',
    endpoint_id: d.endpointId,
    run_id: d.runId,
    event_type: d.eventType,
    message_id: d.messageId,
    url: d.url,
    status: d.status,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      status_code: a.statusCode,
      duration_ms: a.durationMs,
      error: a.error,
      at: new Date(a.at).toISOString(),
    })),
    next_attempt_at: d.status === 'pending' ? new Date(d.nextAttemptAt).toISOString() : null,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    created_at: new Date(d.createdAtMs).toISOString(),
  };
}

async function guard(deps: StoreDeps, url: string): Promise<void> {
  try {
    await deps.checkWebhookUrl(url);
  } catch (err) {
    if (err instanceof ParleyError) throw err;
    throw new ParleyError('INVALID_WEBHOOK_URL', String(err));
  }
}

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  registerEndpointCollection(app, deps);
  registerEndpointItem(app, deps);
  registerDeliveries(app, deps);
}

const tag = 'Webhooks';

/** `POST` / `GET /v1/webhook-endpoints`: create an endpoint (its secret shown once), list them. */
function registerEndpointCollection(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  app.openapi(
    route('post', '/v1/webhook-endpoints', tag, {
      summary: 'Create a webhook endpoint (the signing secret is returned once)',
      request: { body: jsonBody(createWebhookEndpointBody) },
      responses: { 201: jsonOk(createdWebhookEndpointSchema, 'Created') },
    }),
    async (c) => {
      requireScope(c, 'admin');
      const b = c.req.valid('json');
      await guard(deps, b.url);
      const secret = generateSecret();
      const row = await deps.repos.endpoints.create(
        tenantOf(c),
        {
          url: b.url,
          description: b.description ?? null,
          eventTypes: b.event_types,
          secret,
          enabled: b.enabled,
        },
        now(),
      );
      return c.json({ ...endpointDto(row), secret }, 201);
    },
  );

  app.openapi(
    route('get', '/v1/webhook-endpoints', tag, {
      summary: 'List webhook endpoints',
      request: { query: z.object(paginationQuery) },
      responses: { 200: jsonOk(listOf(webhookEndpointSchema)) },
    }),
    async (c) => {
      requireScope(c, 'admin');
      const page = await deps.repos.endpoints.list(tenantOf(c), c.req.valid('query'));
      return c.json(listBody(page, page.rows.map(endpointDto)), 200);
    },
  );
}

/** `GET` / `PATCH` / `DELETE /v1/webhook-endpoints/{id}`. */
function registerEndpointItem(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());

  app.openapi(
    route('get', '/v1/webhook-endpoints/{id}', tag, {
      summary: 'Get a webhook endpoint',
      request: { params: idParams },
      responses: { 200: jsonOk(webhookEndpointSchema) },
    }),
    async (c) => {
      requireScope(c, 'admin');
      return c.json(endpointDto(await deps.repos.endpoints.get(tenantOf(c), c.req.valid('param').id)), 200);
    },
  );

  app.openapi(
    route('patch', '/v1/webhook-endpoints/{id}', tag, {
      summary: 'Update a webhook endpoint',
      request: { params: idParams, body: jsonBody(updateWebhookEndpointBody) },
      responses: { 200: jsonOk(webhookEndpointSchema) },
    }),
    async (c) => {
      requireScope(c, 'admin');
      const b = c.req.valid('json');
      const set: Partial<EndpointRow> = {};
      if (b.url !== undefined) {
        await guard(deps, b.url);
        set.url = b.url;
      }
      if (b.description !== undefined) set.description = b.description;
      if (b.event_types !== undefined) set.eventTypes = b.event_types;
      if (b.enabled !== undefined) {
        set.enabled = b.enabled;
        if (b.enabled) set.disabledReason = null;
      }
      return c.json(
        endpointDto(await deps.repos.endpoints.update(tenantOf(c), c.req.valid('param').id, set, now())),
        200,
      );
    },
  );

  app.openapi(
    route('delete', '/v1/webhook-endpoints/{id}', tag, {
      summary: 'Delete a webhook endpoint',
      request: { params: idParams },
      responses: { 200: jsonOk(webhookEndpointSchema) },
    }),
    async (c) => {
      requireScope(c, 'admin');
      return c.json(
        endpointDto(await deps.repos.endpoints.remove(tenantOf(c), c.req.valid('param').id, now())),
        200,
      );
    },
  );
}

/** `GET /v1/webhook-deliveries` with every attempt, and `POST …/{id}/redeliver`. */
function registerDeliveries(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/webhook-deliveries', tag, {
      summary: 'Webhook deliveries with every attempt (status code, duration, error)',
      request: { query: deliveriesQuery },
      responses: { 200: jsonOk(listOf(webhookDeliveryOutSchema)) },
    }),
    async (c) => {
      requireScope(c, 'admin');
      const q = c.req.valid('query');
      const rows = await deps.repos.outbox.list(tenantOf(c), { ...q, limit: q.limit + 1 });
      const data = rows.slice(0, q.limit).map((r) => deliveryDto(r.delivery, r.attempts));
      return c.json(
        { object: 'list' as const, data, has_more: rows.length > q.limit, next_cursor: null },
        200,
      );
    },
  );

  app.openapi(
    route('post', '/v1/webhook-deliveries/{id}/redeliver', tag, {
      summary: 'Send a delivery again (same webhook-id)',
      request: { params: idParams },
      responses: { 202: jsonOk(webhookDeliveryOutSchema, 'Scheduled') },
    }),
    async (c) => {
      requireScope(c, 'admin');
      const t = tenantOf(c);
      const id = c.req.valid('param').id;
      const row = await deps.repos.outbox.redeliver(t, id, deps.clock.now());
      if (!row) {
        const exists = (await deps.repos.outbox.list(t, { limit: 1000 })).some((r) => r.delivery.id === id);
        throw exists
          ? new ParleyError('CONFLICT', 'the delivery is being attempted right now')
          : new ParleyError('NOT_FOUND', `no webhook delivery ${id}`);
      }
      deps.onEnqueued?.();
      return c.json(deliveryDto(row, []), 202);
    },
  );
}
