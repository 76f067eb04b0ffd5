import type { OpenAPIHono } from '@hono/zod-openapi';
import { ParleyError } from '../../../errors/parley-error.js';
import { renderSvg } from '../../../graph/svg.js';
import { idParams } from '../../api/common.js';
import type { StoreDeps } from '../../deps.js';
import { requireScope, tenantOf, type AppEnv } from '../auth.js';
import { route } from '../openapi.js';

/** `GET /v1/interview-runs/:id/graph.svg`: the run's pinned blueprint graph (Graphviz SVG). */
export function registerGraphRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  app.openapi(
    route('get', '/v1/interview-runs/{id}/graph.svg', 'Results', {
      summary:
        'The run\'s blueprint graph as SVG (each node is a <g class="node"> whose <title> is the node id)',
      request: { params: idParams },
      responses: {
        200: { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' as const } } } },
      },
    }),
    (async (c: Parameters<Parameters<typeof app.openapi>[1]>[0]) => {
      requireScope(c, 'interviews:read');
      const run = await deps.repos.runs.get(tenantOf(c), c.req.param('id')!);
      const ver = await deps.repos.blueprints.version(run.blueprintId, run.blueprintVersion);
      if (!ver) throw new ParleyError('NOT_FOUND', `blueprint version of run ${run.id} is missing`);
      const svg = await renderSvg(ver.definition);
      return c.body(svg, 200, {
        'content-type': 'image/svg+xml; charset=utf-8',
        'cache-control': 'private, max-age=300',
      });
    }) as never,
  );
}
