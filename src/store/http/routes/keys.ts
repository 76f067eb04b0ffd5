import type { OpenAPIHono } from '@hono/zod-openapi';
import { ParleyError } from '../../../errors/parley-error.js';
import { idParams, jsonBody, jsonOk, listOf } from '../../api/common.js';
import {
  apiKeySchema,
  createApiKeyBody,
  createdApiKeySchema,
  meSchema,
  renameApiKeyBody,
} from '../../api/keys.js';
import type { StoreDeps } from '../../deps.js';
import { apiKeyDto } from '../../services/serialize.js';
import { requireScope, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

export function registerKeyRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  registerMeRoute(app, deps);
  registerKeyCollection(app, deps);
  registerKeyItem(app, deps);
}

/** `GET /v1/me`: the calling key and its organisation. */
function registerMeRoute(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/me', 'Account', {
      summary: 'The key and organisation making the request',
      responses: { 200: jsonOk(meSchema) },
    }),
    async (c) => {
      const { key } = c.get('auth');
      const org = await deps.repos.keys.organization(key.organizationId);
      if (!org) throw new ParleyError('UNAUTHORIZED', 'organisation not found');
      return c.json(
        {
          object: 'me' as const,
          organization: { id: org.id, name: org.name, created_at: org.createdAt.toISOString() },
          api_key: apiKeyDto(key),
        },
        200,
      );
    },
  );
}

/** `POST` / `GET /v1/api-keys`: create a key, list keys. */
function registerKeyCollection(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());

  app.openapi(
    route('post', '/v1/api-keys', 'API keys', {
      summary: 'Create an API key (the full key is returned once)',
      request: { body: jsonBody(createApiKeyBody) },
      responses: { 201: jsonOk(createdApiKeySchema, 'Created') },
    }),
    async (c) => {
      const { key } = requireScope(c, 'admin');
      const body = c.req.valid('json');
      const expiresAt = body.expires_at ? new Date(body.expires_at) : null;
      if (expiresAt && expiresAt.getTime() <= deps.clock.now()) {
        throw new ParleyError('VALIDATION_FAILED', 'expires_at must be in the future', {
          issues: [{ path: 'expires_at', message: 'must be in the future' }],
        });
      }
      const created = await deps.repos.keys.create(
        key.organizationId,
        { name: body.name, scopes: body.scopes, testMode: body.test_mode ?? key.testMode, expiresAt },
        now(),
      );
      return c.json({ ...apiKeyDto(created.row), key: created.key }, 201);
    },
  );

  app.openapi(
    route('get', '/v1/api-keys', 'API keys', {
      summary: 'List API keys (prefixes only)',
      responses: { 200: jsonOk(listOf(apiKeySchema)) },
    }),
    async (c) => {
      const { key } = requireScope(c, 'admin');
      const rows = await deps.repos.keys.list(key.organizationId);
      return c.json(
        { object: 'list' as const, data: rows.map(apiKeyDto), has_more: false, next_cursor: null },
        200,
      );
    },
  );
}

/** One key: update, revoke. */
function registerKeyItem(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());

  app.openapi(
    route('patch', '/v1/api-keys/{id}', 'API keys', {
      summary: 'Rename an API key',
      request: { params: idParams, body: jsonBody(renameApiKeyBody) },
      responses: { 200: jsonOk(apiKeySchema) },
    }),
    async (c) => {
      const { key } = requireScope(c, 'admin');
      const row = await deps.repos.keys.rename(
        key.organizationId,
        c.req.valid('param').id,
        c.req.valid('json').name,
        now(),
      );
      return c.json(apiKeyDto(row), 200);
    },
  );

  app.openapi(
    route('delete', '/v1/api-keys/{id}', 'API keys', {
      summary: 'Revoke an API key (immediately)',
      request: { params: idParams },
      responses: { 200: jsonOk(apiKeySchema) },
    }),
    async (c) => {
      const { key } = requireScope(c, 'admin');
      const row = await deps.repos.keys.revoke(key.organizationId, c.req.valid('param').id, now());
      return c.json(apiKeyDto(row), 200);
    },
  );
}
