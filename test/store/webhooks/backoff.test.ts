import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  nextAttemptAt,
  nextDelayMs,
  RETRY_DELAYS_MS,
} from '../../../src/store/webhooks/backoff.js';

const mid = () => 0.5;

describe('backoff', () => {
  it('follows the schedule without jitter at the midpoint', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => nextDelayMs(n, mid));
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000]);
    expect(RETRY_DELAYS_MS[0]).toBe(0);
    expect(MAX_ATTEMPTS).toBe(7);
  });

  it('gives up after the last attempt', () => {
    expect(nextDelayMs(7, mid)).toBeNull();
    expect(nextDelayMs(8, mid)).toBeNull();
    expect(nextAttemptAt(1_000, 7, mid)).toBeNull();
  });

  it('applies ±20 % jitter from the injected source', () => {
    expect(nextDelayMs(1, () => 0)).toBe(4_000);
    expect(nextDelayMs(1, () => 0.999999)).toBe(6_000);
    expect(nextDelayMs(2, () => 0.25)).toBe(270_000);
    for (let i = 0; i < 200; i++) {
      const d = nextDelayMs(3, Math.random)!;
      expect(d).toBeGreaterThanOrEqual(1_800_000 * 0.8);
      expect(d).toBeLessThanOrEqual(1_800_000 * 1.2);
    }
  });

  it('is pure and adds to now', () => {
    expect(nextAttemptAt(10_000, 1, mid)).toBe(15_000);
    expect(nextAttemptAt(10_000, 1, mid)).toBe(15_000);
  });

  it('accepts a custom schedule and jitter; rejects bad input', () => {
    expect(nextDelayMs(1, () => 0, { delaysMs: [0, 100], jitter: 0 })).toBe(100);
    expect(nextDelayMs(2, () => 0, { delaysMs: [0, 100] })).toBeNull();
    expect(() => nextDelayMs(0, mid)).toThrow(RangeError);
    expect(nextDelayMs(1, () => 7)).toBe(6_000);
  });
});
