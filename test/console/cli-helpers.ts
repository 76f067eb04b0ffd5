import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Helpers for running the built CLI (`dist/src/cli/main.js`) as a subprocess. `npm test` builds first;
 * when a test file runs alone, the CLI is rebuilt if any source file is newer than the build.
 */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(repoRoot, 'dist/src/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function buildIfStale(): void {
  let built = 0;
  try {
    built = statSync(cli).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > newestMtime(join(repoRoot, 'src'))) return;
  try {
    execFileSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', repoRoot], { stdio: 'pipe' });
  } catch {
    // Type errors elsewhere still emit JavaScript; the tests fail if the CLI is missing.
  }
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment without provider keys or store credentials, so the console is offline by default. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of [
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
    'OPENAI_BASE_URL',
    'ANTHROPIC_BASE_URL',
    'PARLEY_API_KEY',
    'PARLEY_AGENT_SECRET',
    'FORCE_COLOR',
  ]) {
    delete env[k];
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Run the CLI to completion with `input` piped to stdin. */
export function runCli(
  args: string[],
  opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: opts.env ?? cleanEnv(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** A running CLI process whose output can be awaited line by line. */
export interface LiveCli {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves when the combined output matches `pattern` (checked on every chunk). */
  waitFor(pattern: RegExp | string): Promise<void>;
  exited: Promise<RunResult>;
}

export function startCli(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): LiveCli {
  const child = spawn(command, args, { cwd: opts.cwd ?? repoRoot, env: opts.env ?? cleanEnv() });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ test: (s: string) => boolean; resolve: () => void }> = [];
  const check = (): void => {
    const all = stdout + stderr;
    for (const w of [...waiters]) {
      if (w.test(all)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    check();
  });
  const exited = new Promise<RunResult>((resolve) =>
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.resolve();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return {
    child,
    output: () => stdout + stderr,
    waitFor: (pattern) =>
      new Promise<void>((resolve) => {
        const test = (s: string): boolean =>
          typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s);
        waiters.push({ test, resolve });
        check();
      }),
    exited,
  };
}
