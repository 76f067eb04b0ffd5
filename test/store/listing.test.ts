import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createRun, createTestStore, publishedBlueprint, type TestStore } from './helpers.js';

for (const backend of backends()) {
  describe(`page-number listing, titles and external references (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    const ids: string[] = [];
    beforeAll(async () => {
      // test-mode key: an organisation of its own for this file's counts
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s, s.keys.test);
      for (let i = 0; i < 7; i++) {
        s.clock.advance(1000);
        const r = await createRun(
          s,
          bp,
          {
            title: i === 3 ? 'Quarterly churn call with Acme' : `Screen ${i}`,
            external_refs: { job_id: i % 2 === 0 ? 'J-even' : 'J-odd', stage: `s${i}` },
          },
          s.keys.test,
        );
        expect(r.status).toBe(201);
        ids.push(r.body.id);
      }
    }, 60_000);
    afterAll(() => s?.close());

    const list = (q: string) => s.json('GET', `/v1/interview-runs?${q}`, { key: s.keys.test });

    it('pages by number with totals, newest first', async () => {
      const p1 = await list('page=1&page_size=3');
      expect(p1.status).toBe(200);
      expect(p1.body).toMatchObject({ total_count: 7, total_pages: 3, has_more: true, next_cursor: null });
      expect(p1.body.data.map((r: { id: string }) => r.id)).toEqual([ids[6], ids[5], ids[4]]);
      const p3 = await list('page=3&page_size=3');
      expect(p3.body.data.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
      expect(p3.body.has_more).toBe(false);
      const past = await list('page=9&page_size=3');
      expect(past.body).toMatchObject({ data: [], total_count: 7, has_more: false });
      // filters apply to the totals too
      const odd = await list('page=1&page_size=10&external_refs[job_id]=J-odd');
      expect(odd.body.total_count).toBe(3);
      // cursor listing stays the default, without totals
      const cursor = await list('limit=2');
      expect(cursor.body.total_count).toBeUndefined();
      expect(cursor.body.next_cursor).toBe(ids[5]);
    });

    it('refuses mixing pages and cursors, and bad page numbers', async () => {
      const mixed = await list(`page=1&starting_after=${ids[3]}`);
      expect(mixed.status).toBe(400);
      expect(mixed.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(mixed.body.error.details.issues[0].path).toBe('page');
      for (const q of ['page=0', 'page=abc', 'page_size=101'])
        expect((await list(q)).body.error.code).toBe('VALIDATION_FAILED');
    });

    it('every list endpoint takes page and page_size', async () => {
      for (const path of ['/v1/agents', '/v1/blueprints', '/v1/webhook-endpoints']) {
        const r = await s.json('GET', `${path}?page=1&page_size=1`, { key: s.keys.test });
        expect(r.status).toBe(200);
        expect(typeof r.body.total_count).toBe('number');
        expect(r.body.total_pages).toBe(Math.ceil(r.body.total_count / 1));
      }
    });

    it('filters on external references and searches titles', async () => {
      const even = await list('limit=100&external_refs[job_id]=J-even');
      expect(even.body.data.map((r: { id: string }) => r.id).sort()).toEqual(
        [ids[0], ids[2], ids[4], ids[6]].sort(),
      );
      const both = await list('limit=100&external_refs[job_id]=J-even&external_refs[stage]=s4');
      expect(both.body.data.map((r: { id: string }) => r.id)).toEqual([ids[4]]);
      expect((await list('limit=100&external_refs[job_id]=nope')).body.data).toEqual([]);
      const found = await list('search=churn');
      expect(found.body.data.map((r: { id: string }) => r.id)).toEqual([ids[3]]);
      expect(found.body.data[0]).toMatchObject({
        title: 'Quarterly churn call with Acme',
        external_refs: { job_id: 'J-odd', stage: 's3' },
      });

      const patched = await s.json('PATCH', `/v1/interview-runs/${ids[3]}`, {
        key: s.keys.test,
        body: { external_refs: { deal: 'D-9' }, title: null },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ title: null, external_refs: { deal: 'D-9' } });
      expect((await list('limit=100&external_refs[deal]=D-9')).body.data).toHaveLength(1);
    });

    it('rejects malformed references with the place', async () => {
      const r = await createRun(s, bp, { external_refs: { 'bad key!': 'x' } }, s.keys.test);
      expect(r.status).toBe(400);
      expect(r.body.error.details.issues[0].path).toContain('external_refs');
      const long = await createRun(s, bp, { external_refs: { job: 'x'.repeat(501) } }, s.keys.test);
      expect(long.status).toBe(400);
    });
  });
}

describe('the contract of methods and media types', () => {
  let s: TestStore;
  beforeAll(async () => {
    s = await createTestStore();
  }, 60_000);
  afterAll(() => s?.close());

  it('answers 405 with Allow for a method a path does not support, 404 for no path', async () => {
    for (const [method, path, allow] of [
      ['PATCH', '/v1/agents', 'GET, HEAD, POST'],
      ['PUT', '/v1/interview-runs/run_x/cancel', 'POST'],
      ['DELETE', '/v1/me', 'GET, HEAD'],
    ] as const) {
      const r = await s.req(method, path);
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe(allow);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
    }
    expect((await s.req('GET', '/v1/no-such-thing')).status).toBe(404);
  });

  it('documents 413 and 415 on operations with a body, and 405 nowhere it cannot happen', async () => {
    const doc = (await s.json('GET', '/v1/openapi.json')).body;
    expect(Object.keys(doc.paths['/v1/blueprints'].post.responses)).toEqual(
      expect.arrayContaining(['413', '415']),
    );
    expect(Object.keys(doc.paths['/v1/agents'].get.responses)).not.toContain('415');
    expect(Object.keys(doc.paths['/internal/runs/{id}/recording'].put.responses)).toEqual(
      expect.arrayContaining(['201', '401', '413', '415']),
    );
  });
});

describe('text the database cannot hold', () => {
  let s: TestStore;
  beforeAll(async () => {
    s = await createTestStore();
  }, 60_000);
  afterAll(() => s?.close());

  it('a NUL character anywhere in a JSON body is a 400 with its place, not a 500', async () => {
    const agent = await s.json('POST', '/v1/agents', { raw: '{"name":"A\\u0000gent"}' });
    expect(agent.status).toBe(400);
    expect(agent.body.error.details.issues[0].path).toBe('name');
    const nested = await s.json('POST', '/v1/agents', {
      raw: JSON.stringify({
        name: 'Fine',
        persona: { system_prompt: 'ok' },
        boundaries: { sensitive_topics: ['a\u0000'] },
      }),
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details.issues[0].path).toBe('boundaries.sensitive_topics.0');
    // an escaped backslash before u0000 is ordinary text
    const ok = await s.json('POST', '/v1/agents', { raw: '{"name":"back\\\\u0000slash"}' });
    expect(ok.status).toBe(201);
    expect(ok.body.name).toBe('back\\u0000slash');
    expect((await s.json('GET', '/v1/agents')).status).toBe(200);
  });
});

describe('text the database cannot hold, on the internal API', () => {
  let s: TestStore;
  beforeAll(async () => {
    s = await createTestStore();
  }, 60_000);
  afterAll(() => s?.close());

  it('a NUL in a live event is a 400 and the run keeps serving', async () => {
    const bp = await publishedBlueprint(s);
    const run = (await createRun(s, bp)).body;
    await s.json('POST', `/internal/runs/${run.id}/sessions`, {
      agent: true,
      body: { participant_identity: 'p' },
    });
    const bad = await s.json('POST', `/internal/runs/${run.id}/events`, {
      agent: true,
      raw: '{"type":"transcript_interim","role":"participant","content":"um\\u0000"}',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const ok = await s.json('POST', `/internal/runs/${run.id}/events`, {
      agent: true,
      body: { type: 'transcript_interim', role: 'participant', content: 'um, well' },
    });
    expect(ok.status).toBe(202);
  });
});
