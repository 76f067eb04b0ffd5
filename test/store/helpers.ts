import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseStoreEnv } from '../../src/config/store.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { apiKeys } from '../../src/store/db/schema/index.js';
import type { StoreDeps } from '../../src/store/deps.js';
import { createApp } from '../../src/store/http/app.js';
import { base62, type Clock } from '../../src/store/ids.js';
import { hashKey } from '../../src/store/repos/api-keys.js';
import { buildDeps } from '../../src/store/start.js';
import { generateSecret } from '../../src/store/webhooks/signing.js';

export const AGENT_SECRET = 'agent-secret-for-tests-0123456789';
/** The package root (works from test/ and from dist/test/). */
export const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();
export const SHORT_YAML = readFileSync(join(ROOT, 'test/store/fixtures/short.yaml'), 'utf8');

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(public t = Date.parse('2026-06-01T10:00:00.000Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestStore {
  deps: StoreDeps;
  app: ReturnType<typeof createApp>;
  clock: TestClock;
  database: Database;
  /** Admin keys (live and test mode) of organisation A, and an admin key of organisation B. */
  keys: { live: string; test: string; other: string };
  req(method: string, path: string, opts?: ReqOptions): Promise<Response>;
  json<T = any>(
    method: string,
    path: string,
    opts?: ReqOptions,
  ): Promise<{ status: number; body: T; res: Response }>;
  close(): Promise<void>;
}

export interface ReqOptions {
  key?: string | null;
  agent?: boolean;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

function keyFor(mode: 'live' | 'test'): string {
  return `pk_${mode}_${base62(32)}`;
}

/** In-process store over PGlite `memory://` (or PostgreSQL when `url` is given). */
/** The request a test sends: the live key by default (or `o.key`), the agent secret with `o.agent`, a JSON or raw body. */
export function requestInit(method: string, o: ReqOptions, liveKey: string): RequestInit {
  const headers: Record<string, string> = { ...o.headers };
  const key = o.key === undefined ? liveKey : o.key;
  if (o.agent) headers['x-agent-secret'] = AGENT_SECRET;
  else if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (o.raw !== undefined) {
    body = o.raw;
    headers['content-type'] = o.contentType ?? 'application/json';
  } else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] = o.contentType ?? 'application/json';
  }
  return { method, headers, ...(body !== undefined ? { body } : {}) };
}

export async function createTestStore(
  opts: { url?: string | undefined; rateLimitPerMin?: number } = {},
): Promise<TestStore> {
  const database = await openDatabase(opts.url ? { url: opts.url } : { dataDir: 'memory://' });
  const clock = new TestClock();
  const env = parseStoreEnv({ PARLEY_AGENT_SECRET: AGENT_SECRET, PARLEY_WEBHOOK_ALLOW_PRIVATE: '1' });
  const deps = await buildDeps({
    database,
    env,
    logger: pino({ level: 'silent' }),
    clock,
    settings: {
      publicUrl: 'http://store.test',
      rateLimitPerMin: opts.rateLimitPerMin ?? 100_000,
      webhookSecret: generateSecret(),
    },
  });
  const app = createApp(deps);
  const now = new Date(clock.now());
  const mk = async (orgName: string, modes: ('live' | 'test')[]) => {
    const org = await deps.repos.keys.createOrganization(orgName, now);
    const out: string[] = [];
    for (const mode of modes) {
      const key = keyFor(mode);
      await deps.database.db.insert(apiKeys).values({
        id: deps.ids.id('key'),
        organizationId: org.id,
        testMode: mode === 'test',
        name: `${orgName} ${mode}`,
        prefix: key.slice(0, 12),
        hash: hashKey(key),
        scopes: ['admin'],
        createdAt: now,
        updatedAt: now,
      });
      out.push(key);
    }
    return out;
  };
  const [live, test] = await mk('Org A', ['live', 'test']);
  const [other] = await mk('Org B', ['live']);

  const req = (method: string, path: string, o: ReqOptions = {}) =>
    Promise.resolve(app.request(path, requestInit(method, o, live!)));
  const json = async (method: string, path: string, o?: ReqOptions) => {
    const res = await req(method, path, o);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, res };
  };
  return {
    deps,
    app,
    clock,
    database,
    keys: { live: live!, test: test!, other: other! },
    req,
    json,
    close: async () => {
      await deps.tasks.idle();
      await deps.bus.close();
      await database.close();
    },
  };
}

/** Creates and publishes the short blueprint; returns its id. */
export async function publishedBlueprint(s: TestStore, key?: string): Promise<string> {
  const created = await s.json('POST', '/v1/blueprints', {
    raw: SHORT_YAML,
    contentType: 'application/yaml',
    ...(key ? { key } : {}),
  });
  if (created.status !== 201) throw new Error(`blueprint: ${created.status} ${JSON.stringify(created.body)}`);
  const pub = await s.json('POST', `/v1/blueprints/${created.body.id}/publish`, key ? { key } : {});
  if (pub.status !== 200) throw new Error(`publish: ${pub.status}`);
  return created.body.id as string;
}

export async function createRun(
  s: TestStore,
  blueprintId: string,
  extra: Record<string, unknown> = {},
  key?: string,
) {
  return s.json('POST', '/v1/interview-runs', {
    body: {
      blueprint_id: blueprintId,
      participant: { name: 'Dana Smith' },
      variables: { product: 'Parley' },
      ...extra,
    },
    ...(key ? { key } : {}),
  });
}

export function turn(
  n: number,
  role: 'agent' | 'participant',
  content: string,
  extra: Record<string, unknown> = {},
) {
  const start = Date.parse('2026-06-01T10:00:00.000Z') + n * 10_000;
  return {
    turn_number: n,
    role,
    content,
    started_at: new Date(start).toISOString(),
    ended_at: new Date(start + 5_000).toISOString(),
    entry_type: role === 'agent' ? 'question' : 'utterance',
    ...extra,
  };
}

/** Backends the suites run on: PGlite always, PostgreSQL when PARLEY_TEST_DATABASE_URL is set. */
export function backends(): { name: string; url: string | undefined }[] {
  const url = process.env.PARLEY_TEST_DATABASE_URL;
  return [{ name: 'pglite', url: undefined }, ...(url ? [{ name: 'postgres', url }] : [])];
}
