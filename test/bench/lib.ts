import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** Shared helpers of the benchmarks (no vitest, no timed assertions: numbers are reported, never checked). */

/** The package root (works from test/bench and from dist/test/bench). */
export const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();
export const MAIN = join(ROOT, 'dist/src/cli/main.js');
export const SHORT_YAML = readFileSync(join(ROOT, 'test/store/fixtures/short.yaml'), 'utf8');

/**
 * Epoch milliseconds with sub-millisecond resolution. `performance.timeOrigin` is the wall clock at
 * process start, so two processes on one machine share this clock (up to a small offset, which
 * `estimateOffset` in the SSE part measures and removes).
 */
export const clock = (): number => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- statistics

export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
export const median = (v: readonly number[]) => quantile(v, 0.5);

export function round(n: number | null | undefined, digits = 2): number | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function summary(values: readonly number[]) {
  return {
    n: values.length,
    p50: round(quantile(values, 0.5)),
    p95: round(quantile(values, 0.95)),
    p99: round(quantile(values, 0.99)),
    max: round(values.length ? Math.max(...values) : null),
  };
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; null elsewhere). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 (utime, stime) are at 11 and 12 after the command; clock ticks, 100 per second
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

// ---------------------------------------------------------------- machine

export function machine() {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1]!.trim();
  } catch {
    // not Linux
  }
  let load: string | null = null;
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    // not Linux
  }
  return {
    nproc: cpus().length,
    cpu_model: model,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavg_at_start: load,
  };
}

// ---------------------------------------------------------------- backends

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Environment and CLI arguments for `parley store` on a fresh, empty database. */
  storeEnv: Record<string, string>;
  storeArgs: string[];
  /** For in-process stores (memory part). */
  dataDir?: string;
  databaseUrl?: string;
  cleanup(): Promise<void>;
}

/** PGlite always; PostgreSQL when PARLEY_BENCH_DATABASE_URL is set (a fresh database per store). */
export function backendNames(): Backend['name'][] {
  return process.env.PARLEY_BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh empty database: a PGlite temp dir, or `CREATE DATABASE parley_bench_<random>` (dropped after). */
export async function freshBackend(name: Backend['name']): Promise<Backend> {
  if (name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
    const dataDir = join(dir, 'data');
    return {
      name,
      storeEnv: {},
      storeArgs: ['--data', dataDir],
      dataDir,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.PARLEY_BENCH_DATABASE_URL!;
  const db = `parley_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${db}`);
  } finally {
    await client.end();
  }
  const u = new URL(admin);
  u.pathname = `/${db}`;
  const url = u.toString();
  return {
    name,
    storeEnv: { DATABASE_URL: url },
    storeArgs: [],
    databaseUrl: url,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

// ---------------------------------------------------------------- processes

export const BOOTSTRAP_KEY = 'pk_live_BenchBootstrapKey0123456789abcdef';
export const AGENT_SECRET = 'bench-agent-secret-0123456789abcdef';

export interface Proc {
  url: string;
  proc: ChildProcess;
  pid: number;
  stderr(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Spawns `node <args>` through bash with the open-file limit raised to the hard limit (1000 SSE
 * subscribers need more than a default 1024), waiting for `listening on (http://…)` on stdout.
 */
export function spawnListening(
  nodeArgs: string[],
  env: Record<string, string>,
  pattern = /listening on (http:\/\/\S+)/,
): Promise<Proc> {
  const cmd = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  const proc = spawn('bash', ['-c', cmd, process.execPath, ...nodeArgs], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        proc.stdout!.off('data', onData);
        proc.stdout!.resume();
        resolve({
          url: m[1]!,
          proc,
          pid: proc.pid!,
          stderr: () => err,
          stop: () => {
            if (proc.exitCode === null) proc.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    proc.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`process exited (${code}) before listening:\n${err}`)));
  });
}

export interface StoreOptions {
  /** Directory for `--cpu-prof` output (the profile is written when the store exits on SIGTERM). */
  cpuProfDir?: string;
}

/** `parley store --port 0` on a fresh backend, configured for benchmarking (rate limit out of the way). */
export function startStore(backend: Backend, opts: StoreOptions = {}): Promise<Proc> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} missing: run \`npm run build\` first`);
  const prof = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  return spawnListening([...prof, MAIN, 'store', '--port', '0', ...backend.storeArgs], {
    PARLEY_LOG_LEVEL: 'warn',
    PARLEY_BOOTSTRAP_KEY: BOOTSTRAP_KEY,
    PARLEY_AGENT_SECRET: AGENT_SECRET,
    PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
    PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PARLEY_RATE_LIMIT_PER_MIN: '1000000',
    ...backend.storeEnv,
  });
}

/** Fixed for the process so the receiver can verify signatures. */
export const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

/** A bare `node:http` hello world (drains the body, answers a small JSON), the throughput baseline. */
export function startNodeHttp(): Promise<Proc> {
  const code = `require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"hello":"world"}'); });
}).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;
  return spawnListening(['-e', code], {});
}

// ---------------------------------------------------------------- API

export class Api {
  constructor(
    readonly base: string,
    readonly key = BOOTSTRAP_KEY,
  ) {}

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { agent?: boolean; contentType?: string } = {},
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = opts.agent
      ? { 'x-agent-secret': AGENT_SECRET }
      : { authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const res = await fetch(this.base + path, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T };
  }

  /** Like `call`, but throws unless the status is one of `ok`. */
  async ok<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { agent?: boolean; contentType?: string; ok?: number[] } = {},
  ): Promise<T> {
    const r = await this.call<T>(method, path, body, opts);
    if (!(opts.ok ?? [200, 201, 202]).includes(r.status))
      throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  }

  internal<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    return this.ok<T>(method, path, method === 'GET' ? undefined : (body ?? {}), { agent: true });
  }

  /** Creates and publishes the short test blueprint; returns its id. */
  async publishedBlueprint(yaml = SHORT_YAML): Promise<string> {
    const bp = await this.ok<{ id: string }>('POST', '/v1/blueprints', yaml, {
      contentType: 'application/yaml',
    });
    await this.ok('POST', `/v1/blueprints/${bp.id}/publish`);
    return bp.id;
  }

  /** A run of the short blueprint with a session started (status active); returns its id. */
  async activeRun(blueprintId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const run = await this.ok<{ id: string }>('POST', '/v1/interview-runs', {
      blueprint_id: blueprintId,
      participant: { name: 'Bench Participant' },
      variables: { product: 'Parley' },
      ...extra,
    });
    await this.internal('POST', `/internal/runs/${run.id}/sessions`, { participant_identity: 'bench' });
    return run.id;
  }
}

const T0 = Date.parse('2026-06-01T10:00:00.000Z');
const ANSWER =
  'We copy feedback from Zendesk into a spreadsheet every Friday and tag it by hand, which is slow and nobody trusts the tags.';

/** A realistic turn body (about 300 bytes of JSON). */
export function turnBody(n: number, content?: string) {
  const agent = n % 2 === 1;
  return {
    turn_number: n,
    role: agent ? ('agent' as const) : ('participant' as const),
    content: content ?? (agent ? 'What is the most frustrating part of that process?' : ANSWER),
    started_at: new Date(T0 + n * 10_000).toISOString(),
    ended_at: new Date(T0 + n * 10_000 + 5_000).toISOString(),
    node_id: 'likes',
    question_key: 'likes',
    entry_type: agent ? ('question' as const) : ('utterance' as const),
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** Path of a sibling bench script, compiled (`.js` under dist) or source (`.ts`, run through tsx). */
export function benchScript(rel: string): { args: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  if (import.meta.url.endsWith('.ts')) {
    return { args: ['--import', 'tsx', join(here, rel.replace(/\.js$/, '.ts'))] };
  }
  return { args: [join(here, rel)] };
}
