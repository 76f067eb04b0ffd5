import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createTestStore, requestInit, type ReqOptions, type TestStore } from './helpers.js';

/**
 * A test store served over real HTTP on 127.0.0.1 (an ephemeral port): the same deps, keys and clock as
 * `createTestStore`, but `req`/`json` go through `fetch` and node:http, so every request crosses the
 * wire like a client's (headers, status lines, bodies).
 */
export async function createHttpTestStore(
  opts: { url?: string | undefined } = {},
): Promise<TestStore & { base: string }> {
  const s = await createTestStore(opts);
  let server: ServerType | undefined;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  // links the store hands out (signed media URLs, join links) point at this server
  s.deps.config.publicUrl = base;
  const req = (method: string, path: string, o: ReqOptions = {}) =>
    fetch(base + path, requestInit(method, o, s.keys.live));
  const json = async (method: string, path: string, o?: ReqOptions) => {
    const res = await req(method, path, o);
    const text = await res.text();
    const isJson = res.headers.get('content-type')?.includes('json') ?? false;
    return { status: res.status, body: text && isJson ? JSON.parse(text) : text || null, res };
  };
  return {
    ...s,
    base,
    req,
    json,
    close: async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await s.close();
    },
  };
}
