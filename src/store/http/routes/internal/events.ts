import type { OpenAPIHono } from '@hono/zod-openapi';
import { idParams, jsonBody, jsonOk } from '../../../api/common.js';
import { eventsAcceptedSchema, eventsBody } from '../../../api/internal.js';
import type { StoreDeps } from '../../../deps.js';
import { postEvents } from '../../../services/internal.js';
import type { AppEnv } from '../../auth.js';
import { agentRoute } from './route.js';

/** `POST /internal/runs/:id/events`: live events from the agent, one or a batch. */
export function registerEventRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    agentRoute('post', '/internal/runs/{id}/events', {
      summary: 'Live events (one, or a batch as {events: [...]})',
      request: { params: idParams, body: jsonBody(eventsBody) },
      responses: { 202: jsonOk(eventsAcceptedSchema, 'Accepted') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const events = 'events' in body ? body.events : [body];
      return c.json(await postEvents(deps, c.req.valid('param').id, events), 202);
    },
  );
}
