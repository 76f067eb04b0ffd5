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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** The value with every unpaired surrogate (in text and keys) replaced by U+FFFD. */
export function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\uFFFD');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [wellFormed(k) as string, wellFormed(v)]),
    );
  return value;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a JSON body with one would fail at the database (a 500).
 * It is refused up front with the place. An unpaired surrogate escape (`"\ud83d"` alone) is valid JSON but
 * not Unicode text: it becomes U+FFFD, as a UTF-8 text column would store it anyway (jsonb would refuse
 * it). Only bodies whose text has such an escape are parsed twice.
 */
export const rejectNul: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (c.req.method !== 'GET' && type.includes('json')) {
    const text = await c.req.text();
    const hasNul = text.includes('\\u0000');
    const hasSurrogate = SURROGATE_ESCAPE.test(text);
    if (hasNul || hasSurrogate) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined; // the route's own parser reports INVALID_JSON
      }
      const at = hasNul ? nulPath(parsed) : null;
      if (at !== null) {
        throw new ParleyError('VALIDATION_FAILED', `${at || 'body'}: text cannot contain the NUL character`, {
          target: 'json',
          issues: [{ path: at, message: 'contains U+0000' }],
        });
      }
      // hono keeps the promise of each body read in bodyCache (typed as the value); later reads use it
      if (hasSurrogate && parsed !== undefined)
        c.req.bodyCache = {
          text: Promise.resolve(JSON.stringify(wellFormed(parsed))) as unknown as string,
        };
    }
  }
  await next();
};
