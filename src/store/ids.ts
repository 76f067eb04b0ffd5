import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 string of `length` characters (rejection-free: 62 < 256, bias negligible for ids). */
export function base62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % 62];
  }
  while (out.length < length) out += ALPHABET[randomInt(62)];
  return out;
}

export interface Ids {
  /** A new id such as `run_3fA9…` for `prefix` `run`. */
  id(prefix: string): string;
  /** A 6-digit dial-in PIN. */
  pin(): string;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const randomIds: Ids = {
  id: (prefix) => `${prefix}_${base62(20)}`,
  pin: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
};

export const systemClock: Clock = { now: () => Date.now() };
