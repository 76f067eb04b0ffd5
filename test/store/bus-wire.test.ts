import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/store/api/internal.js';
import { PgEventBus } from '../../src/store/bus/pg.js';
import { parseWire } from '../../src/store/bus/wire.js';
import { createRun, createTestStore, publishedBlueprint, type TestStore } from './helpers.js';

/** NOTIFY payloads are untrusted: parsed with zod, a malformed one is logged and skipped. */
describe('live-event notifications', () => {
  let s: TestStore;
  beforeAll(async () => {
    s = await createTestStore();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  const event: LiveEvent = { seq: 3, type: 'agent_state', data: { state: 'speaking' }, created_at: 'now' };
  const capture = () => {
    const warnings: string[] = [];
    return { warnings, log: { warn: (_o: object, msg: string) => void warnings.push(msg) } };
  };

  it('parses an inline event and a reference; refuses what is not one', () => {
    const { warnings, log } = capture();
    expect(parseWire(JSON.stringify({ run_id: 'r', event }), log)).toEqual({ run_id: 'r', event });
    expect(parseWire(JSON.stringify({ run_id: 'r', seq: 4 }), log)).toEqual({ run_id: 'r', seq: 4 });
    expect(parseWire('{"run_id":', log)).toBeNull();
    expect(parseWire(JSON.stringify({ run_id: 'r', event: { seq: 'x' } }), log)).toBeNull();
    expect(parseWire(JSON.stringify({ run_id: 'r', seq: 0 }), log)).toBeNull();
    expect(parseWire(JSON.stringify([1, 2]), log)).toBeNull();
    expect(warnings).toEqual([
      'skipping a live-event notification that is not JSON',
      'skipping a malformed live-event notification',
      'skipping a malformed live-event notification',
      'skipping a malformed live-event notification',
    ]);
  });

  it('the bus skips a malformed notification and delivers the next good one', async () => {
    const runId = (await createRun(s, await publishedBlueprint(s))).body.id as string;
    const stored = await s.deps.repos.events.append(
      runId,
      [{ type: 'agent_state', data: { state: 'idle' } }],
      new Date(s.clock.now()),
    );
    const { warnings, log } = capture();
    const bus = new PgEventBus('postgres://unused', s.database.db, s.deps.repos.events, log);
    const seen: LiveEvent[] = [];
    bus.subscribe(runId, (e) => seen.push(e));
    await bus.onNotification('not json at all');
    await bus.onNotification(JSON.stringify({ run_id: runId, event: { seq: 1 } }));
    await bus.onNotification(JSON.stringify({ run_id: runId, event }));
    await bus.onNotification(JSON.stringify({ run_id: runId, seq: stored[0]!.seq }));
    expect(seen).toEqual([event, stored[0]]);
    expect(warnings).toHaveLength(2);
    await bus.close();
  });
});
