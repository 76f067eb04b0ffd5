import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SECRET, backends, createTestStore, type TestStore } from './helpers.js';

for (const backend of backends()) {
  describe(`auth, keys and request hygiene (${backend.name})`, () => {
    let s: TestStore;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
    }, 60_000);
    afterAll(() => s?.close());

    it('serves health, readiness and the OpenAPI 3.1 document without a key', async () => {
      expect((await s.json('GET', '/healthz', { key: null })).body).toEqual({ ok: true });
      const ready = await s.json('GET', '/readyz', { key: null });
      expect(ready.status).toBe(200);
      const spec = await s.json('GET', '/v1/openapi.json', { key: null });
      expect(spec.body.openapi).toBe('3.1.0');
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/interview-runs',
          '/v1/interview-runs/{id}/live',
          '/internal/runs/{id}/turns',
        ]),
      );
      expect(spec.body.components.schemas.InterviewRun).toBeDefined();
    });

    it('refuses missing, unknown and malformed credentials with UNAUTHORIZED', async () => {
      for (const headers of [{}, { authorization: 'Bearer pk_live_nope' }, { authorization: 'Basic abc' }]) {
        const res = await s.json('GET', '/v1/me', { key: null, headers });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
      }
    });

    it('keeps customer keys off /internal and the agent secret off /v1', async () => {
      const a = await s.json('GET', '/internal/runs/run_x/history');
      expect(a.status).toBe(401);
      expect(a.body.error.message).toMatch(/API keys are not accepted/);
      const b = await s.json('GET', '/v1/me', { key: null, headers: { 'x-agent-secret': AGENT_SECRET } });
      expect(b.status).toBe(401);
      const c = await s.json('GET', '/v1/me', { key: AGENT_SECRET });
      expect(c.status).toBe(401);
      const d = await s.json('GET', '/internal/runs/run_x/history', {
        key: null,
        headers: { 'x-agent-secret': 'wrong' },
      });
      expect(d.status).toBe(401);
      const e = await s.json('GET', '/internal/runs/run_x/history', { agent: true });
      expect(e.status).toBe(404);
      expect(e.body.error.code).toBe('NOT_FOUND');
    });

    it('creates keys (shown once, stored hashed), lists prefixes, renames and revokes at once', async () => {
      const created = await s.json('POST', '/v1/api-keys', {
        body: { name: 'ci', scopes: ['interviews:read'] },
      });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^pk_live_[A-Za-z0-9]{32}$/);
      expect(created.body.prefix).toBe(created.body.key.slice(0, 12));
      const list = await s.json('GET', '/v1/api-keys');
      const listed = list.body.data.find((k: { id: string }) => k.id === created.body.id);
      expect(listed.key).toBeUndefined();
      expect(JSON.stringify(list.body)).not.toContain(created.body.key);

      const me = await s.json('GET', '/v1/me', { key: created.body.key });
      expect(me.body.api_key.id).toBe(created.body.id);
      expect(me.body.api_key.last_used_at).not.toBeNull();

      const renamed = await s.json('PATCH', `/v1/api-keys/${created.body.id}`, { body: { name: 'ci-2' } });
      expect(renamed.body.name).toBe('ci-2');
      expect((await s.json('DELETE', `/v1/api-keys/${created.body.id}`)).status).toBe(200);
      const after = await s.json('GET', '/v1/me', { key: created.body.key });
      expect(after.status).toBe(401);
      expect(after.body.error.message).toMatch(/revoked/);
      expect((await s.json('PATCH', `/v1/api-keys/key_unknown`, { body: { name: 'x' } })).status).toBe(404);
    });

    it('refuses expired keys and checks scopes', async () => {
      const exp = new Date(s.clock.now() + 60_000).toISOString();
      const k = await s.json('POST', '/v1/api-keys', {
        body: { name: 'short', scopes: ['interviews:read'], expires_at: exp },
      });
      expect((await s.json('GET', '/v1/interview-runs', { key: k.body.key })).status).toBe(200);
      const denied = await s.json('POST', '/v1/api-keys', { key: k.body.key, body: { name: 'x' } });
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({ code: 'FORBIDDEN_SCOPE', details: { required: 'admin' } });
      const bp = await s.json('POST', '/v1/blueprints', {
        key: k.body.key,
        raw: 'id: x',
        contentType: 'application/yaml',
      });
      expect(bp.body.error.code).toBe('FORBIDDEN_SCOPE');
      s.clock.advance(61_000);
      const expired = await s.json('GET', '/v1/interview-runs', { key: k.body.key });
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toMatch(/expired/);
    });

    it('limits active keys per organisation', async () => {
      const other = s.keys.other;
      let last;
      for (let i = 0; i < 10; i++)
        last = await s.json('POST', '/v1/api-keys', { key: other, body: { name: `k${i}` } });
      expect(last!.status).toBe(400);
      expect(last!.body.error.code).toBe('LIMIT_EXCEEDED');
    });

    it('answers malformed JSON, unknown fields, wrong types, wrong media types and oversized bodies with stable codes', async () => {
      const bad = await s.json('POST', '/v1/api-keys', { raw: '{"name": ' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('INVALID_JSON');

      const unknown = await s.json('POST', '/v1/api-keys', { body: { name: 'x', colour: 'red' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(unknown.body.error.details.issues)).toContain('colour');

      const wrong = await s.json('POST', '/v1/api-keys', { body: { name: 5, scopes: ['root'] } });
      expect(wrong.body.error.code).toBe('VALIDATION_FAILED');
      const paths = wrong.body.error.details.issues.map((i: { path: string }) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'scopes.0']));

      const media = await s.json('POST', '/v1/api-keys', { raw: 'name=x', contentType: 'text/plain' });
      expect(media.status).toBe(415);
      expect(media.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

      const big = await s.json('POST', '/v1/api-keys', {
        raw: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
      });
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');

      // a required body that is not sent at all is not an empty update
      const agent = await s.json('POST', '/v1/agents', { body: { name: 'Before' } });
      expect(agent.status).toBe(201);
      for (const [method, path] of [
        ['PATCH', `/v1/agents/${agent.body.id}`],
        ['POST', '/v1/agents'],
      ] as const) {
        const none = await s.json(method, path);
        expect(none.status).toBe(415);
        expect(none.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
      expect((await s.json('GET', `/v1/agents/${agent.body.id}`)).body.name).toBe('Before');

      const nf = await s.json('GET', '/v1/nothing-here');
      expect(nf.status).toBe(404);
      expect(nf.body.error.code).toBe('NOT_FOUND');
    });
  });

  describe(`rate limiting (${backend.name})`, () => {
    let s: TestStore;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url, rateLimitPerMin: 3 });
    }, 60_000);
    afterAll(() => s?.close());

    it('sends X-RateLimit headers and 429 RATE_LIMITED when the bucket is empty, per key', async () => {
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await s.json('GET', '/v1/me');
        expect(r.status).toBe(200);
        expect(r.res.headers.get('x-ratelimit-limit')).toBe('3');
        seen.push(Number(r.res.headers.get('x-ratelimit-remaining')));
        expect(Number(r.res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(s.clock.now() / 1000);
      }
      expect(seen).toEqual([2, 1, 0]);
      const limited = await s.json('GET', '/v1/me');
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(limited.res.headers.get('retry-after')).toBe('20');
      expect((await s.json('GET', '/v1/me', { key: s.keys.other })).status).toBe(200);
      s.clock.advance(20_000);
      expect((await s.json('GET', '/v1/me')).status).toBe(200);
    });
  });
}
