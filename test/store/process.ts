import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

export const MAIN = join(ROOT, 'dist/src/cli/main.js');

function stale(dir: string): boolean {
  for (const name of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = join(dir, name.name);
    if (name.isDirectory()) {
      if (stale(rel)) return true;
    } else if (rel.endsWith('.ts')) {
      const out = join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(join(ROOT, rel)).mtimeMs) return true;
    }
  }
  return false;
}

/** Builds with tsc unless dist is newer than every source the store process runs. */
export function ensureBuilt(): void {
  if (
    existsSync(MAIN) &&
    !['src/store', 'src/config', 'src/cli', 'src/analysis', 'src/engine', 'src/blueprint'].some(stale)
  )
    return;
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', ROOT], {
    stdio: 'ignore',
  });
  if (!existsSync(MAIN)) throw new Error('build failed: dist/src/cli/main.js missing');
}

export interface StoreProcess {
  url: string;
  proc: ChildProcess;
  stderr: () => string;
  /** SIGTERM, resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** A JSON (or text) request to a store process with a bearer key; a string body is sent as it is. */
export async function callStore(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

/** Starts `parley store --port 0` and waits for its "listening on" line. */
export function startStoreProcess(env: Record<string, string>, args: string[] = []): Promise<StoreProcess> {
  const proc = spawn(process.execPath, [MAIN, 'store', '--port', '0', ...args], {
    cwd: ROOT,
    // no sweeps in test processes: the PostgreSQL database is shared with suites on their own test clocks
    env: { PATH: process.env.PATH ?? '', PARLEY_LOG_LEVEL: 'warn', PARLEY_SWEEP_INTERVAL_S: '3600', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /parley store listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        resolve({
          url: m[1]!,
          proc,
          stderr: () => err,
          stop: () => {
            proc.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`store exited (${code}) before listening:\n${err}`)));
  });
}

/** Runs `parley store` expecting it to fail; returns exit code and stderr. */
export function runStoreExpectingFailure(env: Record<string, string>): {
  code: number | null;
  stderr: string;
} {
  const r = spawnSync(process.execPath, [MAIN, 'store', '--port', '0', '--data', 'memory://'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}
