import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/store-client/index.js';

/** Two processes race for one outbox lock (at the same `go`): exactly one holds it. */

const ts = join(import.meta.dirname, 'fixtures', 'lock-race.ts');
const script = existsSync(ts) ? ts : join(import.meta.dirname, 'fixtures', 'lock-race.js');

interface Racer {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  exited: Promise<void>;
}

function racer(dir: string): Racer {
  const child = spawn(
    process.execPath,
    [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), script, dir],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, lines, exited };
}

async function next(r: Racer): Promise<string> {
  const line = await r.lines.next();
  if (line.done) throw new Error('the racer exited without an answer');
  return line.value;
}

/** A pid that is not alive: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return child.pid!;
}

describe('the outbox lock under a race between two processes', { timeout: 60_000 }, () => {
  let dir: string;
  let racers: Racer[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
  });
  afterEach(async () => {
    for (const r of racers) r.child.stdin!.end();
    await Promise.all(racers.map((r) => r.exited));
    racers = [];
    rmSync(dir, { recursive: true, force: true });
  });

  const race = async (): Promise<{ answers: string[]; holder: number }> => {
    racers = [racer(dir), racer(dir)];
    expect(await Promise.all(racers.map(next))).toEqual(['ready', 'ready']);
    for (const r of racers) r.child.stdin!.write('go\n');
    const answers = await Promise.all(racers.map(next));
    const holder = racers[answers.indexOf('held')]?.child.pid ?? -1;
    return { answers, holder };
  };

  it('with no lock file: exactly one creates it, the other is refused', async () => {
    const { answers, holder } = await race();
    expect([...answers].sort()).toEqual(['held', 'refused CONFLICT']);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(holder));
  });

  it('with the stale lock of a dead process: exactly one breaks and holds it', async () => {
    writeFileSync(join(dir, LOCK_FILE), String(await deadPid()));
    const { answers, holder } = await race();
    expect([...answers].sort()).toEqual(['held', 'refused CONFLICT']);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(String(holder));
    expect(existsSync(join(dir, `${LOCK_FILE}.break`))).toBe(false);
  });

  it('the lock is released on close: the next process holds it', async () => {
    await race();
    for (const r of racers) r.child.stdin!.end();
    await Promise.all(racers.map((r) => r.exited));
    racers = [];
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const { answers } = await race();
    expect([...answers].sort()).toEqual(['held', 'refused CONFLICT']);
  });
});
