import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun, createTestStore, publishedBlueprint, type TestStore } from './helpers.js';

let s: TestStore;
beforeAll(async () => {
  s = await createTestStore();
});
afterAll(() => s.close());

describe('smoke', () => {
  it('health, me, blueprint, run', async () => {
    expect((await s.json('GET', '/healthz', { key: null })).status).toBe(200);
    const me = await s.json('GET', '/v1/me');
    expect(me.status).toBe(200);
    const bp = await publishedBlueprint(s);
    const run = await createRun(s, bp);
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.status).toBe('awaiting_participant');
    const spec = await s.json('GET', '/v1/openapi.json', { key: null });
    expect(spec.status, JSON.stringify(spec.body).slice(0, 500)).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
  });
});
