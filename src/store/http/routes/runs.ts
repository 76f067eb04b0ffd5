import type { OpenAPIHono } from '@hono/zod-openapi';
import { ParleyError } from '../../../errors/parley-error.js';
import { idParams, jsonBody, jsonOk, listBody, listOf } from '../../api/common.js';
import { FINISHED_STATUSES, OPEN_STATUSES, isStatusIn } from '../../api/run-status.js';
import {
  createRunBody,
  getRunQuery,
  listRunsQuery,
  runSchema,
  statsSchema,
  updateRunBody,
} from '../../api/runs.js';
import type { StoreDeps } from '../../deps.js';
import { deleteRecording } from '../../media/recordings.js';
import type { RunRow } from '../../repos/runs.js';
import { expireRuns } from '../../services/lifecycle.js';
import { emit } from '../../services/live.js';
import { createRun, expandList, runDtos } from '../../services/runs.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

/** `external_refs[key]=value` query pairs (OpenAPI deepObject) → the map to filter on. */
function externalRefsQuery(params: URLSearchParams): Record<string, string> | undefined {
  const refs: Record<string, string> = {};
  for (const [k, v] of params) {
    const m = /^external_refs\[([^\]]{1,64})\]$/.exec(k);
    if (m) refs[m[1]!] = v;
  }
  return Object.keys(refs).length > 0 ? refs : undefined;
}

export function registerRunRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const now = () => new Date(deps.clock.now());
  const tag = 'Interview runs';
  const one = async (row: RunRow) => (await runDtos(deps, [row], new Set()))[0]!;

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

  app.openapi(
    route('post', '/v1/interview-runs/{id}/cancel', tag, {
      summary: 'Cancel a run that has not ended',
      request: { params: idParams },
      responses: { 200: jsonOk(runSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:write');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      if (run.status === 'cancelled') return c.json(await one(run), 200);
      const row = await deps.repos.runs.update(
        run.id,
        { status: 'cancelled', endedAt: now(), endReason: 'cancelled', updatedAt: now() },
        OPEN_STATUSES,
      );
      if (!row)
        throw new ParleyError('CONFLICT', `run ${run.id} is ${run.status} and can no longer be cancelled`);
      await emit(deps, run.id, [
        { type: 'status', data: { status: 'cancelled', previous_status: run.status } },
      ]);
      return c.json(await one(row), 200);
    },
  );

  app.openapi(
    route('delete', '/v1/interview-runs/{id}', tag, {
      summary: 'Delete a run (it disappears from the API; its recording is deleted)',
      request: { params: idParams },
      responses: { 200: jsonOk(runSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:write');
      const t = tenantOf(c);
      const run = await deps.repos.runs.get(t, c.req.valid('param').id);
      if (run.status === 'active' || run.status === 'awaiting_consent' || run.status === 'processing') {
        throw new ParleyError('CONFLICT', `run ${run.id} is ${run.status}; cancel it or wait for it to end`);
      }
      await deleteRecording(deps, run.id);
      return c.json(await one(await deps.repos.runs.softDelete(t, run.id, now())), 200);
    },
  );

  app.openapi(
    route('get', '/v1/stats', tag, {
      summary: 'Run counts per status',
      responses: { 200: jsonOk(statsSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      await expireRuns(deps, tenantOf(c));
      const stale = new Date(deps.clock.now() - deps.config.abandonAfterMs);
      const s = await deps.repos.runs.stats(tenantOf(c), stale);
      const total = Object.values(s.byStatus).reduce((a, b) => a + b, 0);
      return c.json({ object: 'stats' as const, by_status: s.byStatus, abandoned: s.abandoned, total }, 200);
    },
  );
}
