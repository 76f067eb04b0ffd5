import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveKitMinter } from '../../src/store/join-tokens.js';
import { createHeaderSeal, headerSealKey } from '../../src/store/webhooks/header-seal.js';
import {
  AGENT_SECRET,
  backends,
  createRun,
  createTestStore,
  publishedBlueprint,
  type TestStore,
} from './helpers.js';

const TOKEN = 'Bearer tok-9f8e7d6c5b4a-s3cret';

describe('header seal', () => {
  const key = headerSealKey({ agentSecret: AGENT_SECRET });
  const seal = createHeaderSeal(key);

  it('round-trips a value and never stores it in the clear', () => {
    const sealed = seal.seal(TOKEN);
    expect(sealed).toMatch(/^sealed:v1:[\w-]+$/);
    expect(sealed).not.toContain('s3cret');
    expect(seal.open(sealed)).toBe(TOKEN);
    // a fresh IV each time
    expect(seal.seal(TOKEN)).not.toBe(sealed);
  });

  it('refuses another key and a tampered value; plain legacy values pass through', () => {
    const sealed = seal.seal(TOKEN);
    const other = createHeaderSeal(headerSealKey({ agentSecret: 'another-agent-secret-0123456789' }));
    expect(other.open(sealed)).toBeNull();
    const pinned = createHeaderSeal(headerSealKey({ agentSecret: AGENT_SECRET, secretsKey: 'k'.repeat(32) }));
    expect(pinned.open(sealed)).toBeNull();
    const raw = Buffer.from(sealed.slice('sealed:v1:'.length), 'base64url');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(seal.open(`sealed:v1:${raw.toString('base64url')}`)).toBeNull();
    expect(seal.open('sealed:v1:AAAA')).toBeNull();
    expect(seal.open('plain-value')).toBe('plain-value');
  });
});

for (const backend of backends()) {
  describe(`secrets are never echoed (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
    }, 60_000);
    afterAll(() => s?.close());

    it('notification header values are write-only: names in every response, sealed at rest', async () => {
      const created = await createRun(s, bp, {
        notifications: [
          { endpoint: 'http://127.0.0.1:9/n', attributes: { method: 'PUT', headers: { 'X-Token': TOKEN } } },
        ],
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(created.body.notifications).toEqual([
        {
          endpoint: 'http://127.0.0.1:9/n',
          attributes: { method: 'PUT', headers: { 'X-Token': '[redacted]' } },
        },
      ]);
      const one = await s.json('GET', `/v1/interview-runs/${id}`);
      const list = await s.json('GET', '/v1/interview-runs?limit=100');
      const session = await s.json('POST', `/internal/runs/${id}/sessions`, {
        agent: true,
        body: { participant_identity: 'p' },
      });
      for (const body of [one.body, list.body, session.body])
        expect(JSON.stringify(body)).not.toContain('s3cret');
      expect(one.body.notifications[0].attributes.headers).toEqual({ 'X-Token': '[redacted]' });

      const rows = await s.deps.database.db.execute(
        sql`select notifications::text as n from interview_runs where id = ${id}`,
      );
      const stored = String((rows as unknown as { rows: { n: string }[] }).rows[0]!.n);
      expect(stored).not.toContain('s3cret');
      const value = (JSON.parse(stored) as { attributes: { headers: Record<string, string> } }[])[0]!
        .attributes.headers['X-Token']!;
      expect(createHeaderSeal(headerSealKey(s.deps.config)).open(value)).toBe(TOKEN);
    });

    it('a LiveKit join token is returned by create and GET of one run, never in lists', async () => {
      s.deps.joinTokens = createLiveKitMinter({
        url: 'ws://127.0.0.1:7880',
        apiKey: 'devkey',
        apiSecret: 'secret-secret-secret-secret-secret-1',
        now: () => s.clock.now(),
      });
      try {
        const r = await createRun(s, bp);
        expect(typeof r.body.join_token).toBe('string');
        const one = await s.json('GET', `/v1/interview-runs/${r.body.id}`);
        expect(one.body.join_token).toBe(r.body.join_token);
        const list = await s.json('GET', '/v1/interview-runs?limit=100');
        const listed = list.body.data.find((x: { id: string }) => x.id === r.body.id);
        expect(listed.join_token).toBeNull();
        expect(JSON.stringify(list.body)).not.toContain(r.body.join_token);
      } finally {
        s.deps.joinTokens = null;
      }
    });

    it('a webhook endpoint secret is shown once, at creation', async () => {
      const hook = await s.json('POST', '/v1/webhook-endpoints', {
        body: { url: 'http://127.0.0.1:9/hook' },
      });
      expect(hook.status).toBe(201);
      const secret = hook.body.secret as string;
      expect(secret).toMatch(/^whsec_/);
      const one = await s.json('GET', `/v1/webhook-endpoints/${hook.body.id}`);
      const list = await s.json('GET', '/v1/webhook-endpoints');
      const patched = await s.json('PATCH', `/v1/webhook-endpoints/${hook.body.id}`, {
        body: { enabled: false },
      });
      for (const r of [one, list, patched]) {
        expect(r.status).toBe(200);
        expect(JSON.stringify(r.body)).not.toContain(secret);
      }
      expect(one.body).not.toHaveProperty('secret');
    });

    it('no response carries the agent secret', async () => {
      const r = await createRun(s, bp);
      const bodies = await Promise.all(
        [
          '/v1/me',
          '/v1/interview-runs?limit=100',
          `/v1/interview-runs/${r.body.id}`,
          '/v1/agents',
          '/v1/api-keys',
          '/v1/openapi.json',
        ].map((p) => s.req('GET', p).then((x) => x.text())),
      );
      const session = await s.req('POST', `/internal/runs/${r.body.id}/sessions`, {
        agent: true,
        body: { participant_identity: 'p' },
      });
      bodies.push(await session.text());
      for (const b of bodies) expect(b).not.toContain(AGENT_SECRET);
    });

    it('refuses runs from an archived blueprint or with a deleted agent (409)', async () => {
      const archived = await publishedBlueprint(s);
      expect((await s.json('DELETE', `/v1/blueprints/${archived}`)).status).toBe(200);
      const r1 = await createRun(s, archived);
      expect(r1.status).toBe(409);
      expect(r1.body.error.code).toBe('BLUEPRINT_ARCHIVED');

      const agent = await s.json('POST', '/v1/agents', { body: { name: 'Temporary interviewer' } });
      expect(agent.status).toBe(201);
      expect((await s.json('DELETE', `/v1/agents/${agent.body.id}`)).status).toBe(200);
      const r2 = await createRun(s, bp, { agent_id: agent.body.id });
      expect(r2.status).toBe(409);
      expect(r2.body.error.code).toBe('AGENT_DELETED');
      // another organisation's agent stays invisible: 404, not 409
      const theirs = await s.json('POST', '/v1/agents', { body: { name: 'Theirs' }, key: s.keys.other });
      const r3 = await createRun(s, bp, { agent_id: theirs.body.id });
      expect(r3.status).toBe(404);
    });
  });
}
