import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ParleyError } from '../../errors/parley-error.js';
import type { Scope } from '../api/keys.js';
import type { ApiKeyRow } from '../repos/api-keys.js';
import type { Tenant } from '../repos/scope.js';
import type { StoreDeps } from '../deps.js';
import type { RateLimiter } from './rate-limit.js';

export interface AuthContext {
  key: ApiKeyRow;
  tenant: Tenant;
}

export type AppEnv = { Variables: { auth: AuthContext } };

function sha(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison of two secrets of any length. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha(a), sha(b)) && a.length === b.length;
}

function bearer(c: Context): string | null {
  const h = c.req.header('authorization');
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : '';
}

/** `/v1`: a customer API key (never the agent secret), scoped to its organisation and mode; rate limited. */
export function apiKeyAuth(deps: StoreDeps, limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.header('x-agent-secret') !== undefined) {
      throw new ParleyError('UNAUTHORIZED', 'the agent secret is not accepted on /v1; use an API key');
    }
    const token = bearer(c);
    if (token === null) throw new ParleyError('UNAUTHORIZED', 'missing Authorization: Bearer <api key>');
    if (token && safeEqual(token, deps.config.agentSecret)) {
      throw new ParleyError('UNAUTHORIZED', 'the agent secret is not accepted on /v1; use an API key');
    }
    const key = token ? await deps.repos.keys.findByKey(token) : null;
    const now = deps.clock.now();
    if (!key) throw new ParleyError('UNAUTHORIZED', 'invalid API key');
    if (key.revokedAt) throw new ParleyError('UNAUTHORIZED', 'this API key has been revoked');
    if (key.expiresAt && key.expiresAt.getTime() <= now)
      throw new ParleyError('UNAUTHORIZED', 'this API key has expired');

    const rate = limiter.take(key.id, now);
    c.header('X-RateLimit-Limit', String(rate.limit));
    c.header('X-RateLimit-Remaining', String(rate.remaining));
    c.header('X-RateLimit-Reset', String(rate.reset));
    if (!rate.allowed) {
      c.header('Retry-After', String(rate.retryAfter));
      throw new ParleyError('RATE_LIMITED', `rate limit of ${rate.limit} requests per minute exceeded`);
    }
    if (await deps.repos.keys.touch(key.id, new Date(now))) key.lastUsedAt = new Date(now);
    c.set('auth', { key, tenant: { organizationId: key.organizationId, testMode: key.testMode } });
    await next();
  };
}

/** `/internal`: the worker's `X-Agent-Secret`; customer keys are refused. */
export function agentAuth(deps: StoreDeps): MiddlewareHandler {
  // The secret's digest is computed once; each request hashes only what it sent.
  const expected = sha(deps.config.agentSecret);
  const expectedLength = deps.config.agentSecret.length;
  return async (c, next) => {
    const secret = c.req.header('x-agent-secret');
    if (secret === undefined) {
      throw new ParleyError(
        'UNAUTHORIZED',
        bearer(c) ? 'API keys are not accepted on /internal' : 'missing X-Agent-Secret',
      );
    }
    if (!(timingSafeEqual(sha(secret), expected) && secret.length === expectedLength))
      throw new ParleyError('UNAUTHORIZED', 'invalid agent secret');
    await next();
  };
}

export function requireScope(c: Context<AppEnv>, scope: Scope): AuthContext {
  const auth = c.get('auth');
  const scopes = auth.key.scopes;
  if (!scopes.includes('admin') && !scopes.includes(scope)) {
    throw new ParleyError('FORBIDDEN_SCOPE', `this API key lacks the ${scope} scope`, { required: scope });
  }
  return auth;
}

export function tenantOf(c: Context<AppEnv>): Tenant {
  return c.get('auth').tenant;
}
