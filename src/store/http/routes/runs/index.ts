import type { OpenAPIHono } from '@hono/zod-openapi';
import type { StoreDeps } from '../../../deps.js';
import type { AppEnv } from '../../auth.js';
import { registerRunActionRoutes } from './actions.js';
import { registerRunCollectionRoutes } from './collection.js';
import { registerRunItemRoutes } from './item.js';
import { registerStatsRoute } from './stats.js';

/** Interview runs (`/v1/interview-runs`) and their stats, in the order the OpenAPI document lists them. */
export function registerRunRoutes(app: OpenAPIHono<AppEnv>, deps: StoreDeps): void {
  registerRunCollectionRoutes(app, deps);
  registerRunItemRoutes(app, deps);
  registerRunActionRoutes(app, deps);
  registerStatsRoute(app, deps);
}
