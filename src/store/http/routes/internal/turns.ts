import type { OpenAPIHono } from '@hono/zod-openapi';
import { transcriptEntrySchema } from '../../../../analysis/types.js';
import { idParams, jsonBody, jsonOk } from '../../../api/common.js';
import { createTurnBody, historySchema, turnParams, updateTurnBody } from '../../../api/internal.js';
import type { StoreDeps } from '../../../deps.js';
import { putTurn } from '../../../services/internal.js';
import { emit } from '../../../services/live.js';
import { transcriptEntry } from '../../../services/serialize.js';
import type { AppEnv } from '../../auth.js';
import { agentRoute } from './route.js';

/** Turns of a run: record one (idempotent), update one, the history so far. */
export function registerTurnRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    agentRoute('post', '/internal/runs/{id}/turns', {
      summary: 'Record a turn (idempotent on turn_number; a different body for an existing number is 409)',
      request: { params: idParams, body: jsonBody(createTurnBody) },
      responses: {
        200: jsonOk(transcriptEntrySchema, 'Already stored'),
        201: jsonOk(transcriptEntrySchema, 'Stored'),
      },
    }),
    async (c) => {
      const res = await putTurn(deps, c.req.valid('param').id, c.req.valid('json'));
      return c.json(res.entry, res.created ? 201 : 200);
    },
  );

  app.openapi(
    agentRoute('patch', '/internal/runs/{id}/turns/{n}', {
      summary: 'Update a turn (final transcript, evaluation)',
      request: { params: turnParams, body: jsonBody(updateTurnBody) },
      responses: { 200: jsonOk(transcriptEntrySchema) },
    }),
    async (c) => {
      const { id, n } = c.req.valid('param');
      const run = await deps.repos.runs.byId(id);
      const row = await deps.repos.turns.update(id, n, c.req.valid('json'), new Date(deps.clock.now()));
      const entry = transcriptEntry(row, run.startedAt);
      await emit(deps, id, [{ type: 'transcript_updated', data: { ...entry } }]);
      return c.json(entry, 200);
    },
  );
}

/** `GET /internal/runs/:id/history`: every turn so far (registered after the events, as before). */
export function registerHistoryRoute(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    agentRoute('get', '/internal/runs/{id}/history', {
      summary: 'All turns so far (for resume)',
      request: { params: idParams },
      responses: { 200: jsonOk(historySchema) },
    }),
    async (c) => {
      const run = await deps.repos.runs.byId(c.req.valid('param').id);
      const turns = await deps.repos.turns.list(run.id);
      const data = turns.map((t) => transcriptEntry(t, run.startedAt));
      return c.json({ object: 'list' as const, run_id: run.id, data }, 200);
    },
  );
}
