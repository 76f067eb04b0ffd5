import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { ParleyError } from '../errors/parley-error.js';

/**
 * The outbox's owner lock: a file holding the owner's pid, created exclusively (`open(…, 'wx')`), so of
 * two processes racing for it exactly one creates it. A lock whose owner is no longer alive (a crash) is
 * stale: it is broken under a second exclusive file (`<lock>.break`), and only while it still names that
 * dead owner, so two processes breaking the same stale lock cannot both end up holding a fresh one.
 */

/** A lock file that is empty for this long was left by a process that died between create and write. */
const EMPTY_LOCK_STALE_MS = 5_000;
const ATTEMPTS = 20;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && 'code' in err && err.code === code;
}

/** Create `path` holding `pid`; false when it exists already. */
function createExclusive(path: string, pid: number): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    throw err;
  }
  try {
    writeSync(fd, String(pid));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

type Owner = { type: 'pid'; pid: number } | { type: 'empty'; ageMs: number } | { type: 'gone' };

function readOwner(path: string): Owner {
  try {
    const text = readFileSync(path, 'utf8').trim();
    const pid = Number(text);
    if (text !== '' && Number.isInteger(pid) && pid > 0) return { type: 'pid', pid };
    return { type: 'empty', ageMs: Date.now() - statSync(path).mtimeMs };
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { type: 'gone' };
    throw err;
  }
}

function inUse(path: string, pid: number | null): ParleyError {
  const dir = path.slice(0, path.lastIndexOf('/'));
  return new ParleyError(
    'CONFLICT',
    pid === null
      ? `the outbox in ${dir} is being opened by another process`
      : `the outbox in ${dir} is in use by process ${pid}`,
    { pid },
  );
}

/** Remove the stale lock at `path` if it still names `stale` (under the break lock); true if done or gone. */
function breakStale(path: string, stale: Owner, pid: number): void {
  const brk = `${path}.break`;
  if (!createExclusive(brk, pid)) {
    const breaker = readOwner(brk);
    // a breaker that died mid-break: its break file is stale too
    if (breaker.type === 'pid' && !pidAlive(breaker.pid)) unlinkQuietly(brk);
    if (breaker.type === 'empty' && breaker.ageMs > EMPTY_LOCK_STALE_MS) unlinkQuietly(brk);
    return;
  }
  try {
    const now = readOwner(path);
    const same =
      (now.type === 'pid' && stale.type === 'pid' && now.pid === stale.pid) ||
      (now.type === 'empty' && stale.type === 'empty');
    if (same) unlinkQuietly(path);
  } finally {
    unlinkQuietly(brk);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
}

/** Take the lock for `pid`, or throw CONFLICT when a live process holds it. */
export function acquireLock(path: string, pid: number): void {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (createExclusive(path, pid)) return;
    const owner = readOwner(path);
    if (owner.type === 'gone') continue;
    if (owner.type === 'pid') {
      if (owner.pid === pid) return;
      if (pidAlive(owner.pid)) throw inUse(path, owner.pid);
    }
    if (owner.type === 'empty' && owner.ageMs < EMPTY_LOCK_STALE_MS) throw inUse(path, null);
    breakStale(path, owner, pid);
  }
  throw inUse(path, null);
}

/** Release the lock if `pid` still holds it. */
export function releaseLock(path: string, pid: number): void {
  const owner = readOwner(path);
  if (owner.type === 'pid' && owner.pid === pid) unlinkQuietly(path);
}
