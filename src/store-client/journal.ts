import {
  closeSync,
  fsync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ParleyError } from '../errors/parley-error.js';
import { acquireLock, releaseLock } from './lock.js';
import type { ClientLogger } from './outbox.js';
import { outboxRecordSchema, type OutboxItem, type OutboxRecord, type PendingEntry } from './types.js';

/**
 * The on-disk half of the durable outbox: an append-only JSONL journal in the run's working directory.
 *
 *   outbox.jsonl        {"op":"put","seq":n,"item":...} when work is queued, {"op":"ack","seq":n} once the
 *                       store accepted it, {"op":"dead","seq":n,...} when it was dropped as poison
 *                       ({"op":"mark","seq":n} only remembers the last seq across compactions)
 *   dead-letter.jsonl   the full entry of every dropped item, with the store's status and error code
 *   outbox.lock         the pid of the process that owns the journal (a second live owner is refused;
 *                       lock.ts: exclusive create, a dead owner's lock is broken)
 *
 * Every append is one synchronous `write` of whole lines (into the OS page cache: a killed process loses
 * nothing it appended), so a crash leaves at worst a truncated last line, which `open` skips (as it skips,
 * with a warning, any line that does not parse as a journal record). The `fsync`
 * that makes appends survive a machine crash runs off the event loop, coalesced: at most one in flight and
 * one more after it for whatever was appended meanwhile. A synchronous fsync per append cost 3–7 ms of the
 * job's event loop (p50/p95 on the development VM) for every live event, on the turn's critical path.
 * `close` syncs synchronously. Pending = puts without an ack or dead record, in seq order. When nothing
 * is pending the file is truncated (keeping the last seq); when many acked lines pile up behind a pending
 * entry it is rewritten atomically (temp file + rename).
 */
export const OUTBOX_FILE = 'outbox.jsonl';
export const DEAD_LETTER_FILE = 'dead-letter.jsonl';
export const LOCK_FILE = 'outbox.lock';

const COMPACT_AFTER_RECORDS = 2000;

export class OutboxJournal {
  private fd: number;
  private readonly pendingBySeq = new Map<number, PendingEntry>();
  private lastSeq = 0;
  private records = 0;
  private closed = false;
  /** An fsync is running on the thread pool / appends arrived since it started. */
  private syncing = false;
  private dirty = false;

  private constructor(
    readonly dir: string,
    fd: number,
    private readonly pid: number,
  ) {
    this.fd = fd;
  }

  /** Open (or create) the journal in `dir` and load what is still pending. */
  static open(dir: string, opts: { pid?: number; logger?: ClientLogger } = {}): OutboxJournal {
    mkdirSync(dir, { recursive: true });
    const pid = opts.pid ?? process.pid;
    acquireLock(join(dir, LOCK_FILE), pid);
    const path = join(dir, OUTBOX_FILE);
    const journal = new OutboxJournal(dir, -1, pid);
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      journal.load(text, opts.logger);
      if (text.length > 0 && !text.endsWith('\n')) {
        // Cut the torn tail so that the next append starts on a line of its own.
        const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1));
        const fd = openSync(path, 'r+');
        ftruncateSync(fd, keep);
        fsyncSync(fd);
        closeSync(fd);
      }
    }
    journal.fd = openSync(path, 'a');
    return journal;
  }

  private load(text: string, logger: ClientLogger | undefined): void {
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const rec = parseRecord(line);
      if (rec === null) {
        // A torn last line from a crash mid-write (never acknowledged to the caller), or a line that is
        // not a journal record of this version: skipped, so it can neither crash nor poison the queue.
        logger?.warn({ dir: this.dir, line: index + 1 }, 'skipping a malformed outbox journal line');
        return;
      }
      this.records += 1;
      this.lastSeq = Math.max(this.lastSeq, rec.seq);
      if (rec.op === 'put') this.pendingBySeq.set(rec.seq, { seq: rec.seq, at: rec.at, item: rec.item });
      else if (rec.op === 'ack' || rec.op === 'dead') this.pendingBySeq.delete(rec.seq);
    });
  }

  /** Queue items durably; returns their entries (in order). */
  put(items: readonly OutboxItem[], now: number): PendingEntry[] {
    const entries: PendingEntry[] = [];
    const lines: string[] = [];
    for (const item of items) {
      this.lastSeq += 1;
      const entry: PendingEntry = { seq: this.lastSeq, at: now, item };
      entries.push(entry);
      lines.push(JSON.stringify({ op: 'put', seq: entry.seq, at: now, item } satisfies OutboxRecord));
    }
    this.write(lines);
    for (const e of entries) this.pendingBySeq.set(e.seq, e);
    return entries;
  }

  /** The next seq `put` will use (for client-side event ids assigned before the put). */
  peekNextSeq(): number {
    return this.lastSeq + 1;
  }

  ack(seq: number, now: number): void {
    this.write([JSON.stringify({ op: 'ack', seq, at: now } satisfies OutboxRecord)]);
    this.pendingBySeq.delete(seq);
    this.maybeCompact(now);
  }

  /** Drop a poison entry: its full content goes to the dead-letter file, then it leaves the queue. */
  dead(entry: PendingEntry, status: number | null, error: string, now: number): void {
    const dl = openSync(join(this.dir, DEAD_LETTER_FILE), 'a');
    try {
      writeSync(dl, JSON.stringify({ ...entry, dead_at: now, status, error }) + '\n');
      fsyncSync(dl);
    } finally {
      closeSync(dl);
    }
    this.write([
      JSON.stringify({ op: 'dead', seq: entry.seq, at: now, status, error } satisfies OutboxRecord),
    ]);
    this.pendingBySeq.delete(entry.seq);
    this.maybeCompact(now);
  }

  pending(): PendingEntry[] {
    return [...this.pendingBySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  head(): PendingEntry | undefined {
    let best: PendingEntry | undefined;
    for (const e of this.pendingBySeq.values()) if (best === undefined || e.seq < best.seq) best = e;
    return best;
  }

  get size(): number {
    return this.pendingBySeq.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
    releaseLock(join(this.dir, LOCK_FILE), this.pid);
  }

  private write(lines: string[]): void {
    if (this.closed) throw new ParleyError('INTERNAL', 'outbox journal is closed');
    if (lines.length === 0) return;
    writeSync(this.fd, lines.join('\n') + '\n');
    this.records += lines.length;
    this.scheduleSync();
  }

  private scheduleSync(): void {
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    this.syncing = true;
    this.dirty = false;
    const fd = this.fd;
    fsync(fd, () => {
      // Errors (EBADF after close or a compaction swapped the file) need nothing: close and the
      // compaction's rename both sync synchronously.
      this.syncing = false;
      if (this.dirty && !this.closed) this.scheduleSync();
    });
  }

  private maybeCompact(now: number): void {
    if (this.pendingBySeq.size === 0) {
      if (this.records <= 1) return;
      // Nothing pending: truncate, keeping the last seq so ids never repeat.
      ftruncateSync(this.fd, 0);
      this.records = 0;
      this.write([JSON.stringify({ op: 'mark', seq: this.lastSeq, at: now } satisfies OutboxRecord)]);
      return;
    }
    if (this.records < COMPACT_AFTER_RECORDS) return;
    const path = join(this.dir, OUTBOX_FILE);
    const tmp = `${path}.tmp`;
    const lines = [JSON.stringify({ op: 'mark', seq: this.lastSeq, at: now } satisfies OutboxRecord)];
    const keep = this.pending().map((e) =>
      JSON.stringify({ op: 'put', seq: e.seq, at: e.at, item: e.item } satisfies OutboxRecord),
    );
    writeFileSync(tmp, [...keep, ...lines].join('\n') + '\n');
    const tfd = openSync(tmp, 'r+');
    fsyncSync(tfd);
    closeSync(tfd);
    renameSync(tmp, path);
    closeSync(this.fd);
    this.fd = openSync(path, 'a');
    this.records = keep.length + 1;
  }
}

/** One journal line, or null when it is not JSON or not a journal record. */
export function parseRecord(line: string): OutboxRecord | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const rec = outboxRecordSchema.safeParse(json);
  return rec.success ? rec.data : null;
}
