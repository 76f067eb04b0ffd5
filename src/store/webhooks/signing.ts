import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 keyed with the base64-decoded part of the
 * `whsec_` secret, sent as `webhook-signature: v1,<base64>` (space-separated when several). Signing is
 * the `standardwebhooks` reference library's; verification checks the timestamp against an injected
 * clock (the library's own `verify` reads `Date.now()` with a fixed tolerance) and compares the
 * library's signature with each candidate in constant time.
 */

export const SECRET_PREFIX = 'whsec_';
/** Key length of generated secrets (bytes); the spec asks for 24–64. */
export const SECRET_BYTES = 32;

export type RandomBytes = (size: number) => Uint8Array;

export const signatureHeadersSchema = z.object({
  'webhook-id': z.string().min(1),
  'webhook-timestamp': z.string().regex(/^\d+$/),
  'webhook-signature': z.string().min(1),
});
export type SignatureHeaders = z.infer<typeof signatureHeadersSchema>;

/** A fresh `whsec_…` secret from `source` (default node:crypto randomBytes). */
export function generateSecret(source: RandomBytes = randomBytes): string {
  const bytes = source(SECRET_BYTES);
  if (bytes.length !== SECRET_BYTES) throw new Error(`random source returned ${bytes.length} bytes`);
  return SECRET_PREFIX + Buffer.from(bytes).toString('base64');
}

/**
 * The library's signer for a secret (with or without the `whsec_` prefix); `=` padding the secret left
 * off is restored. Throws on an unusable (empty or non-base64) secret.
 */
function signer(secret: string): Webhook {
  const raw = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return new Webhook(raw.padEnd(Math.ceil(raw.length / 4) * 4, '='));
}

/** `v1,<base64 HMAC>` over `id.timestamp.body`. `timestampS` is in seconds. */
export function sign(secret: string, id: string, timestampS: number, body: string | Uint8Array): string {
  return signer(secret).sign(id, new Date(timestampS * 1000), body);
}

/** The three headers to send with `body`; `nowMs` is epoch milliseconds. */
export function signatureHeaders(
  secret: string,
  id: string,
  nowMs: number,
  body: string | Uint8Array,
): SignatureHeaders {
  const ts = Math.floor(nowMs / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': sign(secret, id, ts, body),
  };
}

export type VerifyFailure =
  'missing_headers' | 'bad_timestamp' | 'timestamp_too_old' | 'timestamp_too_new' | 'no_matching_signature';

export type VerifyResult = { ok: true; id: string; timestamp: number } | { ok: false; reason: VerifyFailure };

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  if (key === undefined) return undefined;
  const value = bag[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

/**
 * Verify a received webhook (for receivers and tests). `nowMs` is epoch milliseconds; the timestamp
 * must be within `toleranceS` seconds either way. Any one of the space-separated signatures may equal
 * the library's `v1,` signature; comparisons are constant-time.
 */
export function verify(
  secret: string,
  headers: HeaderBag,
  body: string | Uint8Array,
  nowMs: number,
  toleranceS = 300,
): VerifyResult {
  const id = header(headers, 'webhook-id');
  const tsRaw = header(headers, 'webhook-timestamp');
  const sigs = header(headers, 'webhook-signature');
  if (!id || !tsRaw || !sigs) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,15}$/.test(tsRaw)) return { ok: false, reason: 'bad_timestamp' };
  const ts = Number(tsRaw);
  const nowS = Math.floor(nowMs / 1000);
  if (ts < nowS - toleranceS) return { ok: false, reason: 'timestamp_too_old' };
  if (ts > nowS + toleranceS) return { ok: false, reason: 'timestamp_too_new' };

  const expected = Buffer.from(sign(secret, id, ts, body));
  const matched = sigs.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matched ? { ok: true, id, timestamp: ts } : { ok: false, reason: 'no_matching_signature' };
}
