import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/store/http/app.js';
import {
  AGENT_SECRET,
  createRun,
  createTestStore,
  publishedBlueprint,
  turn,
  type TestStore,
} from './helpers.js';

/**
 * The body limit over a real Node HTTP server (in-process `app.request()` sends no Content-Length, so
 * only this shows the header path): a declared length over the limit is refused before the body is read,
 * a chunked body is counted, and bodies under the limit are read and validated as before.
 */
const LIMIT = 4096;

describe('request body limit over node:http', () => {
  let s: TestStore;
  let server: ServerType;
  let base: URL;
  let runId: string;

  beforeAll(async () => {
    s = await createTestStore();
    const app = createApp({ ...s.deps, config: { ...s.deps.config, bodyLimitBytes: LIMIT } });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const run = (await createRun(s, await publishedBlueprint(s))).body;
    expect((await s.json('POST', `/internal/runs/${run.id}/sessions`, { agent: true })).status).toBe(201);
    runId = run.id as string;
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await s?.close();
  });

  /** POSTs `chunks` to the turns route: with Content-Length when `declared`, else chunked. */
  const post = (chunks: string[], declared: boolean) =>
    new Promise<{ status: number; body: any; headers: Record<string, unknown> }>((resolve, reject) => {
      const total = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
      const req = request(
        new URL(`/internal/runs/${runId}/turns`, base),
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-agent-secret': AGENT_SECRET,
            ...(declared ? { 'content-length': String(total) } : { 'transfer-encoding': 'chunked' }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () =>
            resolve({ status: res.statusCode!, body: JSON.parse(text), headers: res.headers }),
          );
        },
      );
      // a refused request may be answered (and closed) before its body is sent
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });

  const big = (n: number) => JSON.stringify(turn(n, 'participant', 'x'.repeat(LIMIT)));

  it('refuses a declared length over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post([big(1)], true);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a chunked body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const body = big(2);
    const res = await post([body.slice(0, 1000), body.slice(1000, 3000), body.slice(3000)], false);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stores a turn under the limit, declared or chunked, and refuses malformed or invalid JSON with 400', async () => {
    const one = await post([JSON.stringify(turn(3, 'agent', 'declared'))], true);
    expect(one.status).toBe(201);
    const chunked = JSON.stringify(turn(4, 'participant', 'chunked'));
    const two = await post([chunked.slice(0, 20), chunked.slice(20)], false);
    expect(two.status).toBe(201);
    expect((await s.deps.repos.turns.list(runId)).map((t) => t.content)).toEqual(['declared', 'chunked']);

    const malformed = await post(['{"turn_number": 5,'], true);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_JSON');
    const invalid = await post([JSON.stringify({ ...turn(5, 'agent', 'x'), turn_number: -1 })], true);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('still asks for the agent secret before anything else', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(
        new URL(`/internal/runs/${runId}/turns`, base),
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (r) => {
          r.resume();
          resolve(r.statusCode!);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(turn(6, 'agent', 'no secret')));
    });
    expect(res).toBe(401);
  });
});
