import { describe, expect, test } from 'vitest';
import { parseJobMetadata } from '../../src/worker/metadata.js';

describe('job metadata', () => {
  test('a run id or a dial-in marker', () => {
    expect(parseJobMetadata('{"run_id":"run_abc"}')).toEqual({ ok: true, value: { run_id: 'run_abc' } });
    expect(parseJobMetadata('{"dial_in":true}')).toEqual({ ok: true, value: { dial_in: true } });
  });

  test.each([
    [undefined, /empty/],
    ['', /empty/],
    ['not json', /not JSON/],
    ['{"run_id":""}', /run_id/],
    ['{"run_id":"x","extra":1}', /does not match/],
    ['{"run_id":"../../etc"}', /run_id/],
    ['[1]', /does not match/],
  ])('%s is refused with a reason', (raw, re) => {
    const r = parseJobMetadata(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(re);
  });
});
