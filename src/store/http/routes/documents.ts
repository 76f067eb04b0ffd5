import type { OpenAPIHono } from '@hono/zod-openapi';
import { idParams, jsonOk } from '../../api/common.js';
import { transcriptDocumentSchema } from '../../api/documents.js';
import { analysisOutSchema, responsesOutSchema } from '../../api/runs.js';
import type { StoreDeps } from '../../deps.js';
import { analysisById, responsesById, transcriptById } from '../../services/documents.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

/**
 * Result documents by their own id (a run's `transcript_id`, `responses_id`, `analysis_id`): the same
 * scope as the run's result endpoints (`interviews:read`); another organisation's or mode's id is a 404.
 */
export function registerDocumentRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const tag = 'Results';

  app.openapi(
    route('get', '/v1/transcripts/{id}', tag, {
      summary: "A transcript by id (a run's transcript_id)",
      request: { params: idParams },
      responses: { 200: jsonOk(transcriptDocumentSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      return c.json(await transcriptById(deps, tenantOf(c), c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    route('get', '/v1/analyses/{id}', tag, {
      summary: "An analysis by id (a run's analysis_id)",
      request: { params: idParams },
      responses: { 200: jsonOk(analysisOutSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      return c.json(await analysisById(deps, tenantOf(c), c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    route('get', '/v1/responses/{id}', tag, {
      summary: "Per-question responses by id (a run's responses_id)",
      request: { params: idParams },
      responses: { 200: jsonOk(responsesOutSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      return c.json(await responsesById(deps, tenantOf(c), c.req.valid('param').id), 200);
    },
  );
}
