import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { answerRecordSchema, probeLedgerEntrySchema } from '../../../engine/types.js';
import { idParams, jsonOk } from '../../api/common.js';
import type { StoreDeps } from '../../deps.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

export const capturedSchema = z
  .object({
    object: z.literal('captured'),
    run_id: z.string(),
    current_node: z.string().nullable(),
    path_taken: z.array(z.string()),
    /** What the interview has captured so far, per answered node (the engine's answer records). */
    answers: z.array(answerRecordSchema),
    /** Every follow-up asked, with its technique and the reason it was asked. */
    follow_ups: z.array(probeLedgerEntrySchema),
  })
  .openapi('Captured');

/** `GET /v1/interview-runs/:id/captured`: captured fields and follow-ups while the interview runs. */
export function registerCapturedRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/interview-runs/{id}/captured', 'Results', {
      summary: 'Captured fields and follow-ups (with their reasons) so far, from the engine state',
      request: { params: idParams },
      responses: { 200: jsonOk(capturedSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      const s = run.engineState;
      return c.json(
        {
          object: 'captured' as const,
          run_id: run.id,
          current_node: run.progress.current_node,
          path_taken: run.progress.path_taken,
          answers: s ? Object.values(s.answers).sort((a, b) => a.answered_at - b.answered_at) : [],
          follow_ups: s ? s.probe_ledger : [],
        },
        200,
      );
    },
  );
}
