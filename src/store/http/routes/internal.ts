import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { transcriptEntrySchema } from '../../../analysis/types.js';
import { ParleyError } from '../../../errors/parley-error.js';
import { idParams, jsonBody, jsonOk } from '../../api/common.js';
import {
  createTurnBody,
  eventsAcceptedSchema,
  eventsBody,
  finalizeBody,
  historySchema,
  sessionStartedSchema,
  startSessionBody,
  turnParams,
  updateTurnBody,
} from '../../api/internal.js';
import { runSchema } from '../../api/runs.js';
import type { StoreDeps } from '../../deps.js';
import { finalizeRun } from '../../services/finalize.js';
import { postEvents, putTurn, startSession } from '../../services/internal.js';
import { emit } from '../../services/live.js';
import { runDtos } from '../../services/runs.js';
import { transcriptEntry } from '../../services/serialize.js';
import type { AppEnv } from '../auth.js';
import { route } from '../openapi.js';
import { registerRecordingRoutes } from './media.js';

export function registerInternalRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const tag = 'Agent (internal)';
  const r = <C extends Parameters<typeof route>[3]>(m: Parameters<typeof route>[0], p: string, c: C) =>
    route(m, p, tag, c, 'agent');
  registerRecordingRoutes(app, deps);

  app.openapi(
    r('post', '/internal/runs/{id}/sessions', {
      summary:
        'A connection starts: returns the pinned blueprint, agent, variables and the state to resume from',
      request: { params: idParams, body: { ...jsonBody(startSessionBody), required: false } },
      responses: { 201: jsonOk(sessionStartedSchema, 'Session started') },
    }),
    async (c) => c.json(await startSession(deps, c.req.valid('param').id, c.req.valid('json')), 201),
  );

  app.openapi(
    r('post', '/internal/runs/{id}/turns', {
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
    r('patch', '/internal/runs/{id}/turns/{n}', {
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

  app.openapi(
    r('post', '/internal/runs/{id}/events', {
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

  app.openapi(
    r('get', '/internal/runs/{id}/history', {
      summary: 'All turns so far (for resume)',
      request: { params: idParams },
      responses: { 200: jsonOk(historySchema) },
    }),
    async (c) => {
      const run = await deps.repos.runs.byId(c.req.valid('param').id);
      const turns = await deps.repos.turns.list(run.id);
      return c.json(
        {
          object: 'list' as const,
          run_id: run.id,
          data: turns.map((t) => transcriptEntry(t, run.startedAt)),
        },
        200,
      );
    },
  );

  app.openapi(
    r('post', '/internal/runs/{id}/finalize', {
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

  app.openapi(
    r('post', '/internal/pins/resolve', {
      summary: 'Resolve a dial-in PIN (entered by DTMF) to its live SIP run',
      request: { body: jsonBody(z.strictObject({ pin: z.string().regex(/^\d{6}$/) }).openapi('ResolvePin')) },
      responses: {
        200: jsonOk(
          z.object({ run_id: z.string(), status: z.string(), channel: z.string() }).openapi('ResolvedPin'),
        ),
      },
    }),
    async (c) => {
      const run = await deps.repos.runs.byPin(c.req.valid('json').pin);
      if (!run) throw new ParleyError('NOT_FOUND', 'no live run has this PIN');
      return c.json({ run_id: run.id, status: run.status, channel: run.channel }, 200);
    },
  );

  app.openapi(
    r('get', '/internal/dial-in/{pin}', {
      summary: 'Find the live SIP run of a dial-in PIN',
      request: {
        params: z.object({
          pin: z
            .string()
            .regex(/^\d{6}$/)
            .openapi({ param: { name: 'pin', in: 'path' } }),
        }),
      },
      responses: { 200: jsonOk(runSchema) },
    }),
    async (c) => {
      const run = await deps.repos.runs.byPin(c.req.valid('param').pin);
      if (!run) throw new ParleyError('NOT_FOUND', 'no live run has this PIN');
      return c.json((await runDtos(deps, [run], new Set()))[0]!, 200);
    },
  );
}
