import { createHash } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test doubles for the store client:
 *  - `startFakeInternalStore`: a small HTTP server implementing the internal API's contract (secret,
 *    idempotent turns: same body → 200, different body → 409; events; history; sessions; finalize).
 *  - `startFlakyProxy`: sits between the client and a store and can be switched to `down` (503),
 *    `reset` (connection destroyed before any answer), `lose-response` (the store processes the request,
 *    the client never hears back) or `up`.
 */

export interface FakeTurn {
  turn_number: number;
  body: Record<string, unknown>;
  hash: string;
}

export interface FakeStore {
  url: string;
  secret: string;
  turns: Map<number, FakeTurn>;
  events: Array<Record<string, unknown>>;
  finalized: Array<Record<string, unknown>>;
  requests: Array<{ method: string; path: string; status: number; turn_number?: number }>;
  engineState: unknown;
  /** Answer 400 to the next POST turns whose content equals this. */
  rejectContent: string | null;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function startFakeInternalStore(
  opts: { secret?: string; runId?: string } = {},
): Promise<FakeStore> {
  const secret = opts.secret ?? 'test-secret';
  const runId = opts.runId ?? 'run_test';
  const store: FakeStore = {
    url: '',
    secret,
    turns: new Map(),
    events: [],
    finalized: [],
    requests: [],
    engineState: null,
    rejectContent: null,
    close: async () => {},
  };
  let sessions = 0;
  let current: number | undefined;
  const send = (res: ServerResponse, req: IncomingMessage, status: number, body: unknown): void => {
    store.requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      status,
      ...(current !== undefined ? { turn_number: current } : {}),
    });
    current = undefined;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (req.headers['x-agent-secret'] !== secret) {
        send(res, req, 401, { error: { code: 'UNAUTHORIZED', message: 'bad secret' } });
        return;
      }
      const m = /^\/internal\/runs\/([^/]+)\/(sessions|turns|events|history|finalize)(?:\/(\d+))?$/.exec(
        req.url ?? '',
      );
      if (m === null || m[1] !== runId) {
        send(res, req, 404, { error: { code: 'NOT_FOUND', message: 'no such run' } });
        return;
      }
      let body: Record<string, unknown> = {};
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          send(res, req, 400, { error: { code: 'INVALID_JSON', message: 'bad json' } });
          return;
        }
      }
      const what = m[2];
      if (what === 'sessions' && req.method === 'POST') {
        sessions += 1;
        const history = [...store.turns.values()]
          .sort((a, b) => a.turn_number - b.turn_number)
          .map((t) => ({ id: `te_${t.turn_number}`, ...t.body }));
        send(res, req, 201, {
          session_id: `sess_${sessions}`,
          run: { id: runId, status: 'active' },
          blueprint: {},
          agent: null,
          variables: {},
          participant: { name: 'Test' },
          engine_state: store.engineState,
          history,
        });
        return;
      }
      if (what === 'turns' && req.method === 'POST') {
        if (store.rejectContent !== null && body.content === store.rejectContent) {
          send(res, req, 400, { error: { code: 'VALIDATION_FAILED', message: 'rejected' } });
          return;
        }
        const n = body.turn_number as number;
        current = n;
        const hash = createHash('sha256').update(canonical(body)).digest('hex');
        const existing = store.turns.get(n);
        if (existing !== undefined) {
          if (existing.hash === hash) send(res, req, 200, { id: `te_${n}`, ...existing.body });
          else send(res, req, 409, { error: { code: 'CONFLICT', message: 'different body' } });
          return;
        }
        store.turns.set(n, { turn_number: n, body, hash });
        send(res, req, 201, { id: `te_${n}`, ...body });
        return;
      }
      if (what === 'turns' && req.method === 'PATCH') {
        const n = Number(m[3]);
        const existing = store.turns.get(n);
        if (existing === undefined) {
          send(res, req, 404, { error: { code: 'NOT_FOUND', message: 'no such turn' } });
          return;
        }
        existing.body = { ...existing.body, ...body };
        send(res, req, 200, existing.body);
        return;
      }
      if (what === 'events' && req.method === 'POST') {
        const list = Array.isArray(body.events) ? (body.events as Array<Record<string, unknown>>) : [body];
        for (const e of list) {
          store.events.push(e);
          if (e.type === 'engine_state') store.engineState = e.state;
        }
        send(res, req, 202, { accepted: list.length, last_seq: store.events.length });
        return;
      }
      if (what === 'history' && req.method === 'GET') {
        const data = [...store.turns.values()]
          .sort((a, b) => a.turn_number - b.turn_number)
          .map((t) => ({ id: `te_${t.turn_number}`, ...t.body }));
        send(res, req, 200, { object: 'list', run_id: runId, data });
        return;
      }
      if (what === 'finalize' && req.method === 'POST') {
        store.finalized.push(body);
        send(res, req, 202, { id: runId, status: 'processing' });
        return;
      }
      send(res, req, 405, { error: { code: 'NOT_FOUND', message: 'method' } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  store.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store.close = () => closeServer(server);
  return store;
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
