import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientLogger } from '../../src/store-client/outbox.js';
import { OUTBOX_FILE, OutboxJournal } from '../../src/store-client/index.js';
import type { OutboxItem } from '../../src/store-client/index.js';

const item = (n: number): OutboxItem => ({
  kind: 'turn',
  body: {
    turn_number: n,
    role: 'agent',
    content: `t${n}`,
    started_at: '2026-06-01T10:00:00.000Z',
    ended_at: '2026-06-01T10:00:01.000Z',
    entry_type: 'utterance',
  },
});

describe('OutboxJournal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps pending entries across reopen, in seq order', () => {
    const j = OutboxJournal.open(dir);
    j.put([item(0), item(1), item(2)], 1);
    j.ack(1, 2);
    j.close();
    const again = OutboxJournal.open(dir);
    expect(again.pending().map((e) => e.seq)).toEqual([2, 3]);
    expect(again.peekNextSeq()).toBe(4);
    again.close();
  });

  it('ignores a torn last line left by a crash mid-write', () => {
    const j = OutboxJournal.open(dir);
    j.put([item(0)], 1);
    j.close();
    appendFileSync(join(dir, OUTBOX_FILE), '{"op":"put","seq":2,"at":1,"item":{"kind":"tu');
    const again = OutboxJournal.open(dir);
    expect(again.pending().map((e) => e.seq)).toEqual([1]);
    again.put([item(5)], 3);
    again.close();
    const third = OutboxJournal.open(dir);
    expect(third.pending().map((e) => e.seq)).toEqual([1, 2]);
    third.close();
  });

  it('truncates when nothing is pending and never reuses a seq', () => {
    const j = OutboxJournal.open(dir);
    j.put([item(0), item(1)], 1);
    j.ack(1, 2);
    j.ack(2, 3);
    expect(readFileSync(join(dir, OUTBOX_FILE), 'utf8').trim().split('\n')).toEqual([
      '{"op":"mark","seq":2,"at":3}',
    ]);
    j.close();
    const again = OutboxJournal.open(dir);
    expect(again.size).toBe(0);
    expect(again.put([item(2)], 4)[0]?.seq).toBe(3);
    again.close();
  });

  it('dead entries leave the queue and land in the dead-letter file', () => {
    const j = OutboxJournal.open(dir);
    const [a] = j.put([item(0), item(1)], 1);
    j.dead(a!, 400, 'VALIDATION_FAILED', 2);
    expect(j.pending().map((e) => e.seq)).toEqual([2]);
    j.close();
    expect(
      OutboxJournal.open(dir)
        .pending()
        .map((e) => e.seq),
    ).toEqual([2]);
  });

  it('skips, with a warning, lines that are not journal records', () => {
    const j = OutboxJournal.open(dir);
    j.put([item(0)], 1);
    j.close();
    const path = join(dir, OUTBOX_FILE);
    appendFileSync(
      path,
      [
        '{not json',
        JSON.stringify({ op: 'put', seq: 'two', at: 2, item: item(1) }),
        JSON.stringify({ op: 'put', seq: 3, at: 3, item: { kind: 'reboot' } }),
        JSON.stringify({ op: 'put', seq: 4, at: 4, item: { kind: 'turn', body: { turn_number: -1 } } }),
        JSON.stringify({ op: 'drop', seq: 5, at: 5 }),
        JSON.stringify({ op: 'put', seq: 6, at: 6, item: item(6) }),
      ].join('\n') + '\n',
    );
    const warnings: Array<{ obj: object; msg: string | undefined }> = [];
    const logger: ClientLogger = {
      debug() {},
      info() {},
      warn: (obj, msg) => warnings.push({ obj, msg }),
      error() {},
    };
    const again = OutboxJournal.open(dir, { logger });
    expect(again.pending().map((e) => e.seq)).toEqual([1, 6]);
    expect(warnings.map((w) => w.msg)).toEqual(Array(5).fill('skipping a malformed outbox journal line'));
    expect(warnings.map((w) => (w.obj as { line: number }).line)).toEqual([2, 3, 4, 5, 6]);
    // the next put continues after the highest valid seq
    expect(again.put([item(7)], 7)[0]?.seq).toBe(7);
    again.close();
  });
});
