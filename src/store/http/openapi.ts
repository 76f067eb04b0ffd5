import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { bodyErrorResponses, errorResponses } from '../api/common.js';

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';

/** A route with the shared error responses and security requirement filled in. */
export function route<const R extends Omit<RouteConfig, 'method' | 'path'>>(
  method: Method,
  path: string,
  tag: string,
  config: R,
  security: 'bearer' | 'agent' = 'bearer',
) {
  return createRoute({
    method,
    path,
    tags: [tag],
    security: [{ [security]: [] }],
    ...config,
    responses: {
      ...errorResponses,
      ...(method === 'get' || method === 'delete' ? {} : bodyErrorResponses),
      ...config.responses,
    },
  } as R & { method: Method; path: string; responses: R['responses'] });
}
