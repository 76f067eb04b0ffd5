import { z } from 'zod';

/**
 * Retry schedule: delay before attempt n+1 after n attempts made. About immediately, 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h; after the last attempt fails the delivery is dead. Pure: randomness is injected.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
];

/** Total attempts made before a delivery is dead (the first one plus one per retry delay after it). */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length;

/** A source of floats in [0, 1). */
export type RandomSource = () => number;

export const backoffOptionsSchema = z.object({
  delaysMs: z.array(z.number().nonnegative()).min(1).optional(),
  /** Fraction of jitter either way (0.2 = ±20 %). */
  jitter: z.number().min(0).max(1).optional(),
});
export type BackoffOptions = z.infer<typeof backoffOptionsSchema>;

/**
 * Delay (ms) before the next attempt, given `attemptsMade` (>= 1) attempts so far, or null when no
 * attempt is left. Attempt 1 is the initial send (delay index 0, "immediately"); after attempt k fails
 * the next waits `delays[k]` ± jitter.
 */
export function nextDelayMs(
  attemptsMade: number,
  random: RandomSource,
  opts: BackoffOptions = {},
): number | null {
  const delays = opts.delaysMs ?? RETRY_DELAYS_MS;
  const jitter = opts.jitter ?? 0.2;
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError('attemptsMade must be >= 1');
  const base = delays[attemptsMade];
  if (base === undefined) return null;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(0, Math.round(base * (1 + jitter * (2 * r - 1))));
}

/** When the next attempt is due (ms), or null when the delivery should be marked dead. */
export function nextAttemptAt(
  now: number,
  attemptsMade: number,
  random: RandomSource,
  opts: BackoffOptions = {},
): number | null {
  const d = nextDelayMs(attemptsMade, random, opts);
  return d === null ? null : now + d;
}
