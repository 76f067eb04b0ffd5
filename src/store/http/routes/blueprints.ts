import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { parseBlueprintSource, type Problem } from '../../../blueprint/load.js';
import { ParleyError } from '../../../errors/parley-error.js';
import {
  blueprintDocumentBody,
  blueprintDocumentComponents,
  blueprintListQuery,
  blueprintSchemaOut,
  blueprintVersionSchema,
  blueprintWriteQuery,
  type BlueprintDto,
} from '../../api/blueprints.js';
import { idParams, jsonOk, listBody, listOf } from '../../api/common.js';
import type { StoreDeps } from '../../deps.js';
import type { BlueprintWrite } from '../../repos/blueprints.js';
import { blueprintDto, blueprintVersionDto } from '../../services/serialize.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

function problemDto(p: Problem): BlueprintDto['warnings'][number] {
  return {
    code: p.code,
    severity: p.severity,
    message: p.message,
    path: p.path.map(String).join('.'),
    line: p.line,
    col: p.col,
  };
}

/** Reads a blueprint document (JSON or YAML) and runs the full validator. */
async function readBlueprint(
  c: Context<AppEnv>,
  deps: StoreDeps,
  agentId: string | undefined,
): Promise<BlueprintWrite> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const isJson = /^application\/([a-z.+-]+\+)?json$/.test(type);
  if (!isJson && !YAML_TYPES.includes(type)) {
    throw new ParleyError(
      'UNSUPPORTED_MEDIA_TYPE',
      'send the blueprint as application/json or application/yaml',
    );
  }
  const text = await c.req.text();
  if (isJson) {
    try {
      JSON.parse(text);
    } catch {
      throw new ParleyError('INVALID_JSON', 'malformed JSON in request body');
    }
  }
  const { blueprint, problems } = parseBlueprintSource(text, 'request');
  if (!blueprint) {
    const errors = problems.filter((p) => p.severity === 'error');
    throw new ParleyError(
      'INVALID_BLUEPRINT',
      `the blueprint has ${errors.length} problem(s): ${errors[0]?.message ?? ''}`,
      {
        problems: problems.map(problemDto),
      },
    );
  }
  if (agentId !== undefined) await deps.repos.agents.get(tenantOf(c), agentId);
  return {
    definition: blueprint,
    name: blueprint.name,
    warnings: problems.map(problemDto),
    agentId,
  };
}

const tag = 'Blueprints';

export function registerBlueprintRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  for (const [name, schema] of Object.entries(blueprintDocumentComponents()))
    app.openAPIRegistry.registerComponent('schemas', name, schema);
  registerBlueprintCollection(app, deps);
  registerBlueprintItem(app, deps);
  registerBlueprintVersions(app, deps);
}

/** `POST` / `GET /v1/blueprints`: create (JSON or YAML), list. */
function registerBlueprintCollection(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  app.openapi(
    route('post', '/v1/blueprints', tag, {
      summary: 'Create a draft blueprint (JSON or YAML document, fully validated)',
      request: { query: blueprintWriteQuery, body: blueprintDocumentBody },
      responses: { 201: jsonOk(blueprintSchemaOut, 'Created') },
    }),
    async (c) => {
      requireScope(c, 'blueprints:write');
      const w = await readBlueprint(c, deps, c.req.valid('query').agent_id);
      return c.json(blueprintDto(await deps.repos.blueprints.create(tenantOf(c), w, now())), 201);
    },
  );

  app.openapi(
    route('get', '/v1/blueprints', tag, {
      summary: 'List blueprints',
      request: { query: blueprintListQuery },
      responses: { 200: jsonOk(listOf(blueprintSchemaOut)) },
    }),
    async (c) => {
      const page = await deps.repos.blueprints.list(tenantOf(c), c.req.valid('query'));
      return c.json(listBody(page, page.rows.map(blueprintDto)), 200);
    },
  );
}

/** `GET` / `PATCH /v1/blueprints/{id}` (a patch is a new draft). */
function registerBlueprintItem(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  app.openapi(
    route('get', '/v1/blueprints/{id}', tag, {
      summary: 'Get a blueprint',
      request: { params: idParams },
      responses: { 200: jsonOk(blueprintSchemaOut) },
    }),
    async (c) =>
      c.json(blueprintDto(await deps.repos.blueprints.get(tenantOf(c), c.req.valid('param').id)), 200),
  );

  app.openapi(
    route('patch', '/v1/blueprints/{id}', tag, {
      summary: 'Replace the draft (editing a published blueprint starts the next version)',
      request: { params: idParams, query: blueprintWriteQuery, body: blueprintDocumentBody },
      responses: { 200: jsonOk(blueprintSchemaOut) },
    }),
    async (c) => {
      requireScope(c, 'blueprints:write');
      const t = tenantOf(c);
      const id = c.req.valid('param').id;
      await deps.repos.blueprints.get(t, id);
      const w = await readBlueprint(c, deps, c.req.valid('query').agent_id);
      return c.json(blueprintDto(await deps.repos.blueprints.update(t, id, w, now())), 200);
    },
  );
}

/** `POST …/publish`, `GET …/versions` and `DELETE /v1/blueprints/{id}` (archive). */
function registerBlueprintVersions(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  app.openapi(
    route('post', '/v1/blueprints/{id}/publish', tag, {
      summary: 'Publish: freeze the current definition as a version runs can pin',
      request: { params: idParams },
      responses: { 200: jsonOk(blueprintSchemaOut) },
    }),
    async (c) => {
      requireScope(c, 'blueprints:write');
      return c.json(
        blueprintDto(await deps.repos.blueprints.publish(tenantOf(c), c.req.valid('param').id, now())),
        200,
      );
    },
  );

  app.openapi(
    route('get', '/v1/blueprints/{id}/versions', tag, {
      summary: 'Published versions, newest first',
      request: { params: idParams },
      responses: { 200: jsonOk(listOf(blueprintVersionSchema)) },
    }),
    async (c) => {
      const rows = await deps.repos.blueprints.versions(tenantOf(c), c.req.valid('param').id);
      return c.json(
        { object: 'list' as const, data: rows.map(blueprintVersionDto), has_more: false, next_cursor: null },
        200,
      );
    },
  );

  app.openapi(
    route('delete', '/v1/blueprints/{id}', tag, {
      summary: 'Archive a blueprint',
      request: { params: idParams },
      responses: { 200: jsonOk(blueprintSchemaOut) },
    }),
    async (c) => {
      requireScope(c, 'blueprints:write');
      return c.json(
        blueprintDto(await deps.repos.blueprints.archive(tenantOf(c), c.req.valid('param').id, now())),
        200,
      );
    },
  );
}
