import { registerWebhookDocs } from './webhook-docs.js';
import { routeTable, type RouteTable } from './allowed-methods.js';
import { rejectNul } from './nul-guard.js';
import { finishSpec } from './spec.js';
import { registerInvitationRoutes } from './routes/invitations.js';
import { OpenAPIHono } from '@hono/zod-openapi';
import { ParleyError } from '../../errors/parley-error.js';
import type { StoreDeps } from '../deps.js';
import { agentAuth, apiKeyAuth, type AppEnv } from './auth.js';
import { declaredBodyLimit } from './body-limit.js';
import { respondError, toParleyError, validationError } from './errors.js';
import { RateLimiter } from './rate-limit.js';
import { registerAgentRoutes } from './routes/agents.js';
import { registerBlueprintRoutes } from './routes/blueprints.js';
import { registerGraphRoutes } from './routes/graph.js';
import { registerInternalRoutes } from './routes/internal/index.js';
import { registerKeyRoutes } from './routes/keys.js';
import { RECORDING_UPLOAD_PATH } from './routes/internal/recording.js';
import { registerLiveRoutes } from './routes/live.js';
import { registerResultRoutes } from './routes/results.js';
import { registerRunRoutes } from './routes/runs/index.js';
import { registerJoinRoutes } from './routes/web-join.js';
import { registerCapturedRoutes } from './routes/web-state.js';
import { registerWebRoutes } from './routes/web-observer.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { registerVariableRoutes } from './routes/variables.js';
import { registerDocumentRoutes } from './routes/documents.js';
import { registerSessionRoutes } from './routes/sessions.js';

export const OPENAPI_PATH = '/v1/openapi.json';

/** The store's HTTP application. Tests call `app.request()` in-process; `parley store` serves it. */
export function createApp(deps: StoreDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  const limiter = new RateLimiter(deps.config.rateLimitPerMin);

  app.onError((err, c) => {
    const e = toParleyError(err);
    if (e.code === 'INTERNAL') {
      deps.logger.error(
        {
          err:
            err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
          path: c.req.path,
        },
        'request failed',
      );
    }
    return respondError(c, e);
  });
  let routes: RouteTable | null = null;
  app.notFound((c) => {
    routes ??= routeTable(app.routes);
    const allowed = routes.allowed(c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      c.header('Allow', allowed.join(', '));
      return respondError(
        c,
        new ParleyError('METHOD_NOT_ALLOWED', `${c.req.method} is not supported on ${c.req.path}`, {
          allow: allowed,
        }),
      );
    }
    return respondError(c, new ParleyError('NOT_FOUND', `no route ${c.req.method} ${c.req.path}`));
  });

  const jsonBodyLimit = declaredBodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: () => {
      throw new ParleyError(
        'PAYLOAD_TOO_LARGE',
        `request body larger than ${deps.config.bodyLimitBytes} bytes`,
      );
    },
  });
  // a recording upload has its own, larger limit (routes/media.ts)
  app.use('*', (c, next) =>
    c.req.method === 'PUT' && RECORDING_UPLOAD_PATH.test(c.req.path) ? next() : jsonBodyLimit(c, next),
  );

  // JSON bodies get the place of a NUL, and unpaired surrogates become U+FFFD (two scans of the text;
  // a body is parsed again only when it has one)
  app.use('/v1/*', rejectNul);
  app.use('/internal/*', rejectNul);

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    try {
      await deps.database.ping();
      return c.json({ ok: true, database: deps.database.kind });
    } catch {
      return c.json({ ok: false, database: deps.database.kind }, 503);
    }
  });

  const v1Auth = apiKeyAuth(deps, limiter);
  app.use('/v1/*', async (c, next) => (c.req.path === OPENAPI_PATH ? next() : v1Auth(c, next)));
  app.use('/internal/*', agentAuth(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key: pk_live_… or pk_test_…',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'agent', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Agent-Secret',
  });

  registerKeyRoutes(app, deps);
  registerAgentRoutes(app, deps);
  registerBlueprintRoutes(app, deps);
  registerVariableRoutes(app, deps);
  registerRunRoutes(app, deps);
  registerInvitationRoutes(app, deps);
  registerResultRoutes(app, deps);
  registerDocumentRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerLiveRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerInternalRoutes(app, deps);
  registerGraphRoutes(app, deps);
  registerCapturedRoutes(app, deps);
  registerJoinRoutes(app, deps);
  registerWebRoutes(app, deps);
  registerWebhookDocs(app);

  let spec: object | undefined;
  app.get(OPENAPI_PATH, (c) => {
    spec ??= finishSpec(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Parley store API',
          version: '1.0.0',
          description:
            'Interview runs, blueprints, agents, live transcripts, responses, analysis and webhooks. Errors are {"error": {"code", "message", "details"}}.',
        },
        servers: [{ url: deps.config.publicUrl }],
      }),
    );
    return c.json(spec);
  });
  return app;
}
