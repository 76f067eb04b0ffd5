import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  maxSize: number;
  /** Called (and its result returned or its error thrown) when the body is larger than `maxSize`. */
  onError: (c: Context) => Response | Promise<Response>;
}

/**
 * hono's `bodyLimit` with the same outcomes, minus its cost in the common case. A request that declares
 * its length (`Content-Length`, no `Transfer-Encoding`) is judged by that header alone, which is also
 * all `bodyLimit` does then; but `bodyLimit` first reads `c.req.raw.body`, which makes the Node adapter
 * build a full web `Request` around the socket stream, and the body is then read through web streams
 * rather than straight from the Node request. GET and HEAD have no body; any other request (chunked, or
 * one built in-process without the header) goes through `bodyLimit`, which counts the bytes as they come.
 */
export function declaredBodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const counted = bodyLimit(options);
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (parseInt(length || '0', 10) > options.maxSize) return options.onError(c);
    return next();
  };
}
