import type { OpenAPIHono } from '@hono/zod-openapi';
import { ParleyError } from '../../../../errors/parley-error.js';
import { jsonBody, jsonOk } from '../../../api/common.js';
import { dialInParams, resolvedPinSchema, resolvePinBody } from '../../../api/internal.js';
import { runSchema } from '../../../api/runs.js';
import type { StoreDeps } from '../../../deps.js';
import { runDtos } from '../../../services/runs.js';
import type { AppEnv } from '../../auth.js';
import { agentRoute } from './route.js';

/** Dial-in PINs (entered by DTMF) → the live SIP run. */
export function registerPinRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const livePinRun = async (pin: string) => {
    const run = await deps.repos.runs.byPin(pin);
    if (!run) throw new ParleyError('NOT_FOUND', 'no live run has this PIN');
    return run;
  };

  app.openapi(
    agentRoute('post', '/internal/pins/resolve', {
      summary: 'Resolve a dial-in PIN (entered by DTMF) to its live SIP run',
      request: { body: jsonBody(resolvePinBody) },
      responses: { 200: jsonOk(resolvedPinSchema) },
    }),
    async (c) => {
      const run = await livePinRun(c.req.valid('json').pin);
      return c.json({ run_id: run.id, status: run.status, channel: run.channel }, 200);
    },
  );

  app.openapi(
    agentRoute('get', '/internal/dial-in/{pin}', {
      summary: 'Find the live SIP run of a dial-in PIN',
      request: { params: dialInParams },
      responses: { 200: jsonOk(runSchema) },
    }),
    async (c) => {
      const run = await livePinRun(c.req.valid('param').pin);
      return c.json((await runDtos(deps, [run], new Set()))[0]!, 200);
    },
  );
}
