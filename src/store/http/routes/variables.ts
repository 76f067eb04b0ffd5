import type { OpenAPIHono } from '@hono/zod-openapi';
import { idParams, jsonBody, jsonOk, listBody, listOf } from '../../api/common.js';
import {
  accountVariableSchema,
  blueprintVariablesQuery,
  blueprintVariablesSchema,
  createVariableBody,
  listVariablesQuery,
  updateVariableBody,
} from '../../api/variables.js';
import type { StoreDeps } from '../../deps.js';
import {
  assertVariableUnused,
  blueprintVariables,
  variableChange,
  variableDto,
} from '../../services/variables.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

/**
 * Account-level variables, scoped like blueprints: any key of the organisation and mode reads them,
 * `blueprints:write` changes them.
 */
export function registerVariableRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  registerVariableCollection(app, deps);
  registerVariableItem(app, deps);
  registerBlueprintVariables(app, deps);
}

/** `POST` / `GET /v1/variables`: create a variable, list them. */
function registerVariableCollection(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  const tag = 'Variables';

  app.openapi(
    route('post', '/v1/variables', tag, {
      summary: 'Create an account variable (used by every run of the organisation unless the run sets it)',
      request: { body: jsonBody(createVariableBody) },
      responses: { 201: jsonOk(accountVariableSchema, 'Created') },
    }),
    async (c) => {
      requireScope(c, 'blueprints:write');
      const b = c.req.valid('json');
      const row = await deps.repos.variables.create(
        tenantOf(c),
        {
          name: b.name,
          defaultValue: b.default_value ?? null,
          description: b.description ?? null,
          required: b.required,
        },
        now(),
      );
      return c.json(variableDto(row), 201);
    },
  );

  app.openapi(
    route('get', '/v1/variables', tag, {
      summary: 'List account variables, newest first',
      request: { query: listVariablesQuery },
      responses: { 200: jsonOk(listOf(accountVariableSchema)) },
    }),
    async (c) => {
      const page = await deps.repos.variables.list(tenantOf(c), c.req.valid('query'));
      return c.json(listBody(page, page.rows.map(variableDto)), 200);
    },
  );
}

/** One variable: get, update, delete. */
function registerVariableItem(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  const tag = 'Variables';

  app.openapi(
    route('get', '/v1/variables/{id}', tag, {
      summary: 'Get an account variable',
      request: { params: idParams },
      responses: { 200: jsonOk(accountVariableSchema) },
    }),
    async (c) =>
      c.json(variableDto(await deps.repos.variables.get(tenantOf(c), c.req.valid('param').id)), 200),
  );

  app.openapi(
    route('patch', '/v1/variables/{id}', tag, {
      summary: 'Update the default value, description or required flag (the name is fixed)',
      request: { params: idParams, body: jsonBody(updateVariableBody) },
      responses: { 200: jsonOk(accountVariableSchema) },
    }),
    async (c) => {
      requireScope(c, 'blueprints:write');
      const t = tenantOf(c);
      const id = c.req.valid('param').id;
      const set = variableChange(await deps.repos.variables.get(t, id), c.req.valid('json'));
      return c.json(variableDto(await deps.repos.variables.update(t, id, set, now())), 200);
    },
  );

  app.openapi(
    route('delete', '/v1/variables/{id}', tag, {
      summary: 'Delete an account variable (runs already created keep their values)',
      description:
        'Refused with 409 VARIABLE_IN_USE (details.blueprint_ids) while a blueprint that is not archived declares a variable of this name, in its current definition or its published version: remove it there, or archive the blueprint, first.',
      request: { params: idParams },
      responses: { 200: jsonOk(accountVariableSchema) },
    }),
    async (c) => {
      requireScope(c, 'blueprints:write');
      const t = tenantOf(c);
      const id = c.req.valid('param').id;
      await assertVariableUnused(deps, t, await deps.repos.variables.get(t, id));
      return c.json(variableDto(await deps.repos.variables.remove(t, id)), 200);
    },
  );
}

/** `GET /v1/blueprints/:id/variables`: a blueprint's variables, resolved. */
function registerBlueprintVariables(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/blueprints/{id}/variables', 'Blueprints', {
      summary:
        "The blueprint's variables resolved against the account's: value, where it comes from, required",
      request: { params: idParams, query: blueprintVariablesQuery },
      responses: { 200: jsonOk(blueprintVariablesSchema) },
    }),
    async (c) =>
      c.json(
        await blueprintVariables(deps, tenantOf(c), c.req.valid('param').id, c.req.valid('query').version),
        200,
      ),
  );
}
