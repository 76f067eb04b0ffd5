import type { OpenAPIHono } from '@hono/zod-openapi';
import { idParams, jsonBody, jsonOk } from '../../../api/common.js';
import { sessionStartedSchema, startSessionBody } from '../../../api/internal.js';
import type { StoreDeps } from '../../../deps.js';
import { startSession } from '../../../services/internal.js';
import type { AppEnv } from '../../auth.js';
import { agentRoute } from './route.js';

/** `POST /internal/runs/:id/sessions`: a connection starts. */
export function registerSessionRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    agentRoute('post', '/internal/runs/{id}/sessions', {
      summary:
        'A connection starts: returns the pinned blueprint, agent, variables and the state to resume from',
      request: { params: idParams, body: { ...jsonBody(startSessionBody), required: false } },
      responses: { 201: jsonOk(sessionStartedSchema, 'Session started') },
    }),
    async (c) => c.json(await startSession(deps, c.req.valid('param').id, c.req.valid('json')), 201),
  );
}
