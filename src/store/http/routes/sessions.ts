import type { OpenAPIHono } from '@hono/zod-openapi';
import { idParams, jsonOk } from '../../api/common.js';
import { runSessionsSchema } from '../../api/sessions.js';
import type { StoreDeps } from '../../deps.js';
import { runSessions } from '../../services/sessions.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

/** Per-session media: a run's connections with their transcript ranges and their own signed audio links. */
export function registerSessionRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/interview-runs/{id}/sessions', 'Results', {
      summary:
        "The run's sessions (one per connection; a resumed run has several): transcript range and audio link",
      request: { params: idParams },
      responses: { 200: jsonOk(runSessionsSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      return c.json(await runSessions(deps, tenantOf(c), c.req.valid('param').id), 200);
    },
  );
}
