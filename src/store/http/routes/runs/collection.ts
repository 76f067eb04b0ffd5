import type { OpenAPIHono } from '@hono/zod-openapi';
import type { StoreDeps } from '../../../deps.js';
import type { AppEnv } from '../../auth.js';
import { route } from '../../openapi.js';
import { runHelpers } from './shared.js';
import { jsonBody, jsonOk, listBody, listOf } from '../../../api/common.js';
import { createRunBody, listRunsQuery, runSchema } from '../../../api/runs.js';
import { expireRuns } from '../../../services/lifecycle.js';
import { createRun, expandList, runDtos } from '../../../services/runs.js';
import { requireScope, tenantOf } from '../../auth.js';

/** `external_refs[key]=value` query pairs (OpenAPI deepObject) → the map to filter on. */
function externalRefsQuery(params: URLSearchParams): Record<string, string> | undefined {
  const refs: Record<string, string> = {};
  for (const [k, v] of params) {
    const m = /^external_refs\[([^\]]{1,64})\]$/.exec(k);
    if (m) refs[m[1]!] = v;
  }
  return Object.keys(refs).length > 0 ? refs : undefined;
}

/** `POST` / `GET /v1/interview-runs`: create a run, list runs. */
export function registerRunCollectionRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const { tag, one } = runHelpers(deps);
  app.openapi(
    route('post', '/v1/interview-runs', tag, {
      summary: 'Create an interview run',
      request: { body: jsonBody(createRunBody) },
      responses: { 201: jsonOk(runSchema, 'Created') },
    }),
    async (c) => {
      requireScope(c, 'interviews:write');
      const body = c.req.valid('json');
      const row = await createRun(deps, tenantOf(c), body);
      return c.json(await one(row), 201);
    },
  );
  app.openapi(
    route('get', '/v1/interview-runs', tag, {
      summary: 'List interview runs (cursor pagination, filters, search, expand[])',
      request: { query: listRunsQuery },
      responses: { 200: jsonOk(listOf(runSchema)) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      const q = c.req.valid('query');
      await expireRuns(deps, tenantOf(c));
      const page = await deps.repos.runs.list(tenantOf(c), {
        ...q,
        external_refs: externalRefsQuery(new URL(c.req.url).searchParams),
      });
      const dtos = await runDtos(deps, page.rows, expandList(q['expand[]'], q.expand));
      // a list never carries the participants' room tokens (create and GET of one run do)
      const data = dtos.map((d) => ({ ...d, join_token: null }));
      return c.json(listBody(page, data), 200);
    },
  );
}
