import type { OpenAPIHono } from '@hono/zod-openapi';
import type { StoreDeps } from '../../../deps.js';
import type { AppEnv } from '../../auth.js';
import { route } from '../../openapi.js';
import { runHelpers } from './shared.js';
import { jsonOk } from '../../../api/common.js';
import { statsSchema } from '../../../api/runs.js';
import { expireRuns } from '../../../services/lifecycle.js';
import { requireScope, tenantOf } from '../../auth.js';

/** `GET /v1/stats`: run counts per status. */
export function registerStatsRoute(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  const { tag } = runHelpers(deps);
  app.openapi(
    route('get', '/v1/stats', tag, {
      summary: 'Run counts per status',
      responses: { 200: jsonOk(statsSchema) },
    }),
    async (c) => {
      requireScope(c, 'interviews:read');
      await expireRuns(deps, tenantOf(c));
      const stale = new Date(deps.clock.now() - deps.config.abandonAfterMs);
      const s = await deps.repos.runs.stats(tenantOf(c), stale);
      const total = Object.values(s.byStatus).reduce((a, b) => a + b, 0);
      return c.json({ object: 'stats' as const, by_status: s.byStatus, abandoned: s.abandoned, total }, 200);
    },
  );
}
