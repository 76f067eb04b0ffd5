import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { agentSchema, agentVersionSchema, createAgentBody, updateAgentBody } from '../../api/agents.js';
import { idParams, jsonBody, jsonOk, listBody, listOf, paginationQuery } from '../../api/common.js';
import type { StoreDeps } from '../../deps.js';
import { agentDto } from '../../services/serialize.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

function configOf(body: Record<string, unknown>): Record<string, unknown> {
  const { name: _name, ...config } = body;
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
}

export function registerAgentRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  registerAgentCollection(app, deps);
  registerAgentItem(app, deps);
  registerAgentVersions(app, deps);
}

/** `POST` / `GET /v1/agents`: create an agent, list agents. */
function registerAgentCollection(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  const tag = 'Agents';

  app.openapi(
    route('post', '/v1/agents', tag, {
      summary: 'Create an agent (interviewer persona)',
      request: { body: jsonBody(createAgentBody) },
      responses: { 201: jsonOk(agentSchema, 'Created') },
    }),
    async (c) => {
      requireScope(c, 'agents:write');
      const body = c.req.valid('json');
      const row = await deps.repos.agents.create(tenantOf(c), body.name, configOf(body), now());
      return c.json(agentDto(row), 201);
    },
  );

  app.openapi(
    route('get', '/v1/agents', tag, {
      summary: 'List agents',
      request: { query: z.object(paginationQuery) },
      responses: { 200: jsonOk(listOf(agentSchema)) },
    }),
    async (c) => {
      const page = await deps.repos.agents.list(tenantOf(c), c.req.valid('query'));
      return c.json(
        listBody(
          page,
          page.rows.map((r) => agentDto(r)),
        ),
        200,
      );
    },
  );
}

/** One agent: get, update, delete. */
function registerAgentItem(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  const tag = 'Agents';

  app.openapi(
    route('get', '/v1/agents/{id}', tag, {
      summary: 'Get an agent',
      request: { params: idParams },
      responses: { 200: jsonOk(agentSchema) },
    }),
    async (c) => c.json(agentDto(await deps.repos.agents.get(tenantOf(c), c.req.valid('param').id)), 200),
  );

  app.openapi(
    route('patch', '/v1/agents/{id}', tag, {
      summary: 'Update an agent (creates a new version)',
      request: { params: idParams, body: jsonBody(updateAgentBody) },
      responses: { 200: jsonOk(agentSchema) },
    }),
    async (c) => {
      requireScope(c, 'agents:write');
      const body = c.req.valid('json');
      const row = await deps.repos.agents.update(
        tenantOf(c),
        c.req.valid('param').id,
        body.name,
        configOf(body),
        now(),
      );
      return c.json(agentDto(row), 200);
    },
  );

  app.openapi(
    route('delete', '/v1/agents/{id}', tag, {
      summary: 'Delete an agent (soft)',
      request: { params: idParams },
      responses: { 200: jsonOk(agentSchema) },
    }),
    async (c) => {
      requireScope(c, 'agents:write');
      return c.json(
        agentDto(await deps.repos.agents.softDelete(tenantOf(c), c.req.valid('param').id, now())),
        200,
      );
    },
  );
}

/** An agent's versions: activate one, list them. */
function registerAgentVersions(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  const tag = 'Agents';

  app.openapi(
    route('post', '/v1/agents/{id}/activate', tag, {
      summary: 'Make the agent the default for runs without agent_id',
      request: { params: idParams },
      responses: { 200: jsonOk(agentSchema) },
    }),
    async (c) => {
      requireScope(c, 'agents:write');
      return c.json(
        agentDto(await deps.repos.agents.activate(tenantOf(c), c.req.valid('param').id, now())),
        200,
      );
    },
  );

  app.openapi(
    route('get', '/v1/agents/{id}/versions', tag, {
      summary: 'Version history of an agent',
      request: { params: idParams },
      responses: { 200: jsonOk(listOf(agentVersionSchema)) },
    }),
    async (c) => {
      const t = tenantOf(c);
      const id = c.req.valid('param').id;
      const agent = await deps.repos.agents.get(t, id);
      const versions = await deps.repos.agents.versions(t, id);
      const data = versions.map((v) => ({
        object: 'agent_version' as const,
        agent_id: id,
        version: v.version,
        created_at: v.createdAt.toISOString(),
        agent: agentDto(agent, v.config, v.version, v.name),
      }));
      return c.json({ object: 'list' as const, data, has_more: false, next_cursor: null }, 200);
    },
  );
}
