import type { OpenAPIHono } from '@hono/zod-openapi';
import type { StoreDeps } from '../../../deps.js';
import type { AppEnv } from '../../auth.js';
import { route } from '../../openapi.js';
import { runHelpers } from './shared.js';
import { ParleyError } from '../../../../errors/parley-error.js';
import { idParams, jsonOk } from '../../../api/common.js';
import { OPEN_STATUSES } from '../../../api/run-status.js';
import { runSchema } from '../../../api/runs.js';
import { deleteRecording } from '../../../media/recordings.js';
import { emit } from '../../../services/live.js';
import { requireScope, tenantOf } from '../../auth.js';

/** Ending a run from outside: cancel it, delete it. */
export function registerRunActionRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const { tag, now, one } = runHelpers(deps);
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
}
