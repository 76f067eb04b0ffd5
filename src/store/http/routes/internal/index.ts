import type { OpenAPIHono } from '@hono/zod-openapi';
import type { StoreDeps } from '../../../deps.js';
import type { AppEnv } from '../../auth.js';
import { registerEventRoutes } from './events.js';
import { registerFinalizeRoutes } from './finalize.js';
import { registerPinRoutes } from './pins.js';
import { registerRecordingRoutes } from './recording.js';
import { registerSessionRoutes } from './sessions.js';
import { registerHistoryRoute, registerTurnRoutes } from './turns.js';

/** The agent-facing API (`/internal`, `X-Agent-Secret`); its shapes: src/store/api/internal/. */
export function registerInternalRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  registerRecordingRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerTurnRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerHistoryRoute(app, deps);
  registerFinalizeRoutes(app, deps);
  registerPinRoutes(app, deps);
}
