import type { OpenAPIHono } from '@hono/zod-openapi';
import type { StoreDeps } from '../../../deps.js';
import type { AppEnv } from '../../auth.js';
import { route } from '../../openapi.js';
import { runHelpers } from './shared.js';
import { ParleyError } from '../../../../errors/parley-error.js';
import { idParams, jsonBody, jsonOk } from '../../../api/common.js';
import { FINISHED_STATUSES, isStatusIn } from '../../../api/run-status.js';
import { getRunQuery, runSchema, updateRunBody } from '../../../api/runs.js';
import type { RunRow } from '../../../repos/runs.js';
import { expireRuns } from '../../../services/lifecycle.js';
import { expandList, runDtos } from '../../../services/runs.js';
import { requireScope, tenantOf } from '../../auth.js';

/** `GET` / `PATCH /v1/interview-runs/:id`: one run, its schedule, expiry and metadata. */
export function registerRunItemRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const { tag, now, one } = runHelpers(deps);
  app.openapi(
    route('get', '/v1/interview-runs/{id}', tag, {
      summary: 'Get an interview run',
      request: { params: idParams, query: getRunQuery },
      responses: { 200: jsonOk(runSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      const q = c.req.valid('query');
      await expireRuns(deps, tenantOf(c));
      const row = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      return c.json((await runDtos(deps, [row], expandList(q['expand[]'], q.expand)))[0]!, 200);
    },
  );
  app.openapi(
    route('patch', '/v1/interview-runs/{id}', tag, {
      summary: 'Update schedule, expiry or metadata',
      request: { params: idParams, body: jsonBody(updateRunBody) },
      responses: { 200: jsonOk(runSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:write');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      if (isStatusIn(run.status, FINISHED_STATUSES)) {
        throw new ParleyError('CONFLICT', `run ${run.id} is ${run.status}`);
      }
      const b = c.req.valid('json');
      const set: Partial<RunRow> = { updatedAt: now() };
      if (b.metadata !== undefined) set.metadata = b.metadata;
      if (b.title !== undefined) set.title = b.title;
      if (b.external_refs !== undefined) set.externalRefs = b.external_refs;
      if (b.expires_at !== undefined) set.expiresAt = b.expires_at === null ? null : new Date(b.expires_at);
      if (b.scheduled_at !== undefined) {
        set.scheduledAt = b.scheduled_at === null ? null : new Date(b.scheduled_at);
        if (run.status === 'scheduled' || run.status === 'awaiting_participant') {
          set.status =
            set.scheduledAt && set.scheduledAt.getTime() > deps.clock.now()
              ? 'scheduled'
              : 'awaiting_participant';
        }
      }
      const row = await deps.repos.runs.update(run.id, set, [run.status]);
      if (!row) throw new ParleyError('CONFLICT', `run ${run.id} changed state; retry`);
      return c.json(await one(row), 200);
    },
  );
}
