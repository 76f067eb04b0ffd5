import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyErrorResponses, errorResponses } from '../api/common.js';
import { ParleyError } from '../../errors/parley-error.js';

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';

/**
 * A required JSON body must come as JSON: hono's validator treats a request without a Content-Type as an
 * empty object, so a PATCH with no body at all would pass as an empty update.
 */
const requireBody: MiddlewareHandler = async (c, next) => {
  if (c.req.header('content-type') === undefined)
    throw new ParleyError(
      'UNSUPPORTED_MEDIA_TYPE',
      'this operation needs a JSON body (Content-Type: application/json)',
    );
  await next();
};

function hasRequiredBody(config: Omit<RouteConfig, 'method' | 'path'>): boolean {
  const body = config.request?.body;
  return body?.required === true && body.content['application/json'] !== undefined;
}

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
    ...(hasRequiredBody(config) ? { middleware: [requireBody, ...middlewareOf(config)] } : {}),
    responses: {
      ...errorResponses,
      ...(method === 'get' || method === 'delete' ? {} : bodyErrorResponses),
      ...config.responses,
    },
  } as R & { method: Method; path: string; responses: R['responses'] });
}

function middlewareOf(config: Omit<RouteConfig, 'method' | 'path'>): MiddlewareHandler[] {
  const m = config.middleware;
  return m === undefined ? [] : Array.isArray(m) ? [...m] : [m];
}
