import type { MiddlewareHandler } from 'hono';
import { ParleyError } from '../../errors/parley-error.js';

/** Where in a parsed JSON value the first string (or key) with a NUL character is, or null. */
export function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const p = nulPath(v, [...path, String(i)]);
      if (p !== null) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k.replaceAll('\u0000', '\\u0000')].join('.');
      const p = nulPath(v, [...path, k]);
      if (p !== null) return p;
    }
  }
  return null;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a JSON body with one would fail at the database (a 500).
 * It is refused up front with the place. Only bodies whose text has the escape are parsed twice.
 */
export const rejectNul: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (c.req.method !== 'GET' && type.includes('json')) {
    const text = await c.req.text();
    if (text.includes('\\u0000')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined; // the route's own parser reports INVALID_JSON
      }
      const at = nulPath(parsed);
      if (at !== null) {
        throw new ParleyError('VALIDATION_FAILED', `${at || 'body'}: text cannot contain the NUL character`, {
          target: 'json',
          issues: [{ path: at, message: 'contains U+0000' }],
        });
      }
    }
  }
  await next();
};
