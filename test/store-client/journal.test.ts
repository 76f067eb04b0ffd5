import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_FILE, OutboxJournal } from '../../src/store-client/index.js';
import type { OutboxItem } from '../../src/store-client/index.js';

const item = (n: number): OutboxItem => ({
  kind: 'turn',
  body: {
    turn_number: n,
    role: 'agent',
    content: `t${n}`,
    started_at: 'a',
    ended_at: 'b',
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
});
