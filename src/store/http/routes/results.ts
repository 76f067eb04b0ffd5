import type { OpenAPIHono } from '@hono/zod-openapi';
import { ParleyError } from '../../../errors/parley-error.js';
import { idParams, jsonBody, jsonOk } from '../../api/common.js';
import {
  analysisOutSchema,
  rerunAnalysisBody,
  responsesOutSchema,
  transcriptQuery,
  transcriptSchema,
} from '../../api/runs.js';
import type { StoreDeps } from '../../deps.js';
import { analyzeRun } from '../../services/finalize.js';
import { transcriptDto } from '../../services/runs.js';
import { analysisWebhook } from '../../services/webhook-events.js';
import { analysisDto, responsesDto } from '../../services/serialize.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';
import { registerAudioRoutes } from './media.js';

const tag = 'Results';

export function registerResultRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  registerAudioRoutes(app, deps);
  registerTranscriptRoute(app, deps);
  registerResponseAndAnalysisRoutes(app, deps);
}

/** `GET /v1/interview-runs/{id}/transcript`. */
function registerTranscriptRoute(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/interview-runs/{id}/transcript', tag, {
      summary: 'The transcript as JSON, markdown (**Name:** text) or plain text',
      request: { params: idParams, query: transcriptQuery },
      responses: {
        200: {
          description: 'OK',
          content: {
            'application/json': { schema: transcriptSchema },
            'text/markdown': { schema: { type: 'string' as const } },
            'text/plain': { schema: { type: 'string' as const } },
          },
        },
      },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      const ver = await deps.repos.blueprints.version(run.blueprintId, run.blueprintVersion);
      const language = String(
        (ver?.definition.settings as { language?: string } | undefined)?.language ?? 'en',
      );
      const dto = transcriptDto(run, await deps.repos.turns.list(run.id), language);
      const format = c.req.valid('query').format;
      if (format === 'json') return c.json(dto, 200);
      const agent = run.agentId ? await deps.repos.agents.byId(run.agentId) : null;
      const names = { agent: agent?.name ?? 'Interviewer', participant: run.participant.name };
      const lines = dto.entries.map((e) =>
        format === 'markdown' ? `**${names[e.role]}:** ${e.content}` : `${names[e.role]}: ${e.content}`,
      );
      const body = lines.join('\n\n') + (lines.length ? '\n' : '');
      return c.body(body, 200, {
        'content-type': format === 'markdown' ? 'text/markdown; charset=utf-8' : 'text/plain; charset=utf-8',
      });
    },
  );
}

/** `GET …/responses`, `GET …/analysis` and `POST …/analysis` (run the analysis again). */
function registerResponseAndAnalysisRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/interview-runs/{id}/responses', tag, {
      summary: 'Per-question responses',
      request: { params: idParams },
      responses: { 200: jsonOk(responsesOutSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      const dto = responsesDto(run.id, await deps.repos.results.get(run.id, 'responses'));
      if (!dto)
        throw new ParleyError('NOT_FOUND', `run ${run.id} has no responses yet (status ${run.status})`);
      return c.json(dto, 200);
    },
  );

  app.openapi(
    route('get', '/v1/interview-runs/{id}/analysis', tag, {
      summary: 'The analysis: summary, themes, sentiment, quotes, scorecard',
      request: { params: idParams },
      responses: { 200: jsonOk(analysisOutSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      const dto = analysisDto(run.id, await deps.repos.results.get(run.id, 'analysis'));
      if (!dto)
        throw new ParleyError('NOT_FOUND', `run ${run.id} has no analysis yet (status ${run.status})`);
      return c.json(dto, 200);
    },
  );

  app.openapi(
    route('post', '/v1/interview-runs/{id}/analysis', tag, {
      summary: 'Re-run the analysis (optionally with another model); waits for the result',
      request: { params: idParams, body: { ...jsonBody(rerunAnalysisBody), required: false } },
      responses: { 200: jsonOk(analysisOutSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:write');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.valid('param').id);
      if (run.status !== 'completed' && run.status !== 'failed') {
        throw new ParleyError('CONFLICT', `run ${run.id} is ${run.status}; analysis runs after it ends`);
      }
      const data = await deps.repos.results.completedResponses(run.id);
      await analysisWebhook(deps, run, await analyzeRun(deps, run, data, c.req.valid('json').assessment));
      return c.json(analysisDto(run.id, await deps.repos.results.get(run.id, 'analysis'))!, 200);
    },
  );
}
