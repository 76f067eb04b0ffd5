import type { OpenAPIHono } from '@hono/zod-openapi';
import { idParams, jsonBody, jsonOk } from '../../../api/common.js';
import { finalizeBody } from '../../../api/internal.js';
import { runSchema } from '../../../api/runs.js';
import type { StoreDeps } from '../../../deps.js';
import { finalizeRun } from '../../../services/finalize.js';
import { runDtos } from '../../../services/runs.js';
import type { AppEnv } from '../../auth.js';
import { agentRoute } from './route.js';

/** `POST /internal/runs/:id/finalize`: the interview ended. */
export function registerFinalizeRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    agentRoute('post', '/internal/runs/{id}/finalize', {
      summary: 'The interview ended: → processing → completed/failed (idempotent)',
      request: { params: idParams, body: { ...jsonBody(finalizeBody), required: false } },
      responses: {
        200: jsonOk(runSchema, 'Already finalized'),
        202: jsonOk(runSchema, 'Processing started'),
      },
    }),
    async (c) => {
      const body = finalizeBody.parse(c.req.valid('json') ?? {});
      const res = await finalizeRun(deps, c.req.valid('param').id, body);
      const dto = (await runDtos(deps, [res.run], new Set()))[0]!;
      return c.json(dto, res.started ? 202 : 200);
    },
  );
}
