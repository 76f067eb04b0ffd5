import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Failure injection for the store client — the store itself is always the real one (`createApp` on
 * PGlite over HTTP, test/store/http-store.ts, or `startStore`):
 *  - `startFlakyProxy`: sits between the client and the store and can be switched to `down` (503),
 *    `reset` (connection destroyed before any answer), `lose-response` (the store processes the request,
 *    the client never hears back) or `up`.
 */

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export type ProxyMode = 'up' | 'down' | 'reset' | 'lose-response';

export interface FlakyProxy {
  url: string;
  mode: ProxyMode;
  /** Requests seen, by the mode they met, with the store's status when it answered (`up`, `lose-response`). */
  seen: Array<{ method: string; path: string; mode: ProxyMode; status?: number }>;
  /** Resolves when `n` requests have arrived while not `up`. */
  failures(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let failed = 0;
  const proxy: FlakyProxy = {
    url: '',
    mode: 'up',
    seen: [],
    failures: (n) =>
      new Promise<void>((resolve) => {
        if (failed >= n) resolve();
        else waiters.push({ n, resolve });
      }),
    close: async () => {},
  };
  const noteFailure = (): void => {
    failed += 1;
    for (const w of [...waiters]) {
      if (failed >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const t = new URL(target);
  const server = createServer((req, res) => {
    const mode = proxy.mode;
    const seen: FlakyProxy['seen'][number] = { method: req.method ?? '', path: req.url ?? '', mode };
    proxy.seen.push(seen);
    if (mode === 'down') {
      void readBody(req).then(() => {
        noteFailure();
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'down' } }));
      });
      return;
    }
    if (mode === 'reset') {
      void readBody(req).then(() => {
        noteFailure();
        req.socket.destroy();
      });
      return;
    }
    const upstream = httpRequest(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        if (up.statusCode !== undefined) seen.status = up.statusCode;
        if (mode === 'lose-response') {
          up.resume();
          up.on('end', () => {
            noteFailure();
            req.socket.destroy();
          });
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => closeServer(server);
  return proxy;
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Fast backoff for tests (real timers, a few ms). */
export const FAST_BACKOFF = { baseMs: 2, maxMs: 20, jitter: 0 };
