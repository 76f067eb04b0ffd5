import type { OpenAPIHono } from '@hono/zod-openapi';
import { idParams, jsonBody, jsonOk } from '../../api/common.js';
import { resendInviteBody, runSchema } from '../../api/runs.js';
import type { StoreDeps } from '../../deps.js';
import { inviteByEmail } from '../../services/invitations.js';
import { runDtos } from '../../services/runs.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

export function registerInvitationRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('post', '/v1/interview-runs/{id}/invite', 'Interview runs', {
      summary: "(Re)send the participant's invitation email",
      description:
        'Queues the invitation (the join link, or the dial-in number and PIN for SIP) to participant.email; it is ' +
        'sent from the outbox with retries, email_sent_at is set and a waiting run becomes `invited`. ' +
        'Errors: 409 EMAIL_NOT_CONFIGURED without SMTP settings, 400 INVALID_EMAIL, 409 CONFLICT once joined or ended.',
      request: { params: idParams, body: jsonBody(resendInviteBody) },
      responses: { 202: jsonOk(runSchema, 'The invitation is queued') },
    }),
    async (c) => {
      requireScope(c, 'interviews:write');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      const row = await inviteByEmail(deps, run, c.req.valid('json').message);
      return c.json((await runDtos(deps, [row], new Set()))[0]!, 202);
    },
  );
}
