import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret, sign, signatureHeaders, verify } from '../../../src/store/webhooks/signing.js';
import { webhookSecretSchema } from '../../../src/store/webhooks/types.js';

// The Standard Webhooks specification's published test vector.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signing', () => {
  it('reproduces the specification test vector', () => {
    expect(sign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
    expect(sign(SPEC.secret, SPEC.id, SPEC.timestamp, Buffer.from(SPEC.body))).toBe(SPEC.signature);
  });

  it('keys the HMAC with the base64-decoded secret, over id.timestamp.body', () => {
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    const mac = createHmac('sha256', key)
      .update(`${SPEC.id}.${SPEC.timestamp}.${SPEC.body}`)
      .digest('base64');
    expect(`v1,${mac}`).toBe(SPEC.signature);
    expect(sign('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it('restores padding a secret left off', () => {
    const key = Buffer.alloc(32, 9);
    const padded = 'whsec_' + key.toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    const expected = `v1,${createHmac('sha256', key).update('msg_1.5.{}').digest('base64')}`;
    expect(sign(padded, 'msg_1', 5, '{}')).toBe(expected);
    expect(sign(padded.replace(/=+$/, ''), 'msg_1', 5, '{}')).toBe(expected);
  });

  it('builds the three headers with the timestamp in seconds', () => {
    const h = signatureHeaders(SPEC.secret, SPEC.id, SPEC.timestamp * 1000 + 999, SPEC.body);
    expect(h).toEqual({
      'webhook-id': SPEC.id,
      'webhook-timestamp': String(SPEC.timestamp),
      'webhook-signature': SPEC.signature,
    });
  });

  it('verifies the vector, also among several signatures and via a Headers object', () => {
    const now = SPEC.timestamp * 1000;
    const headers = {
      'webhook-id': SPEC.id,
      'webhook-timestamp': String(SPEC.timestamp),
      'webhook-signature': `v1,bm9wZQ== v2,abc ${SPEC.signature}`,
    };
    expect(verify(SPEC.secret, headers, SPEC.body, now)).toEqual({
      ok: true,
      id: SPEC.id,
      timestamp: SPEC.timestamp,
    });
    const upper = {
      'Webhook-Id': SPEC.id,
      'Webhook-Timestamp': String(SPEC.timestamp),
      'Webhook-Signature': SPEC.signature,
    };
    expect(verify(SPEC.secret, upper, SPEC.body, now).ok).toBe(true);
    expect(verify(SPEC.secret, new Headers(headers), SPEC.body, now).ok).toBe(true);
  });

  it.each([
    ['tampered body', { body: '{"test": 2432232315}' }, 'no_matching_signature'],
    ['wrong secret', { secret: 'whsec_' + Buffer.alloc(24, 7).toString('base64') }, 'no_matching_signature'],
    ['other id', { id: 'msg_other' }, 'no_matching_signature'],
    ['too old', { now: (SPEC.timestamp + 301) * 1000 }, 'timestamp_too_old'],
    ['too new', { now: (SPEC.timestamp - 301) * 1000 }, 'timestamp_too_new'],
    ['bad timestamp', { ts: '16142653x0' }, 'bad_timestamp'],
    ['missing signature', { sig: '' }, 'missing_headers'],
    ['v2 only', { sig: SPEC.signature.replace('v1,', 'v2,') }, 'no_matching_signature'],
    ['truncated', { sig: SPEC.signature.slice(0, -4) }, 'no_matching_signature'],
    ['unpadded', { sig: SPEC.signature.replace(/=$/, '') }, 'no_matching_signature'],
    ['no version', { sig: SPEC.signature.slice(3) }, 'no_matching_signature'],
    ['non-ASCII', { sig: SPEC.signature.replace('g0', 'ğ') }, 'no_matching_signature'],
  ] as const)('rejects %s', (_name, o: Record<string, unknown>, reason) => {
    const headers = {
      'webhook-id': (o.id as string) ?? SPEC.id,
      'webhook-timestamp': (o.ts as string) ?? String(SPEC.timestamp),
      'webhook-signature': (o.sig as string) ?? SPEC.signature,
    };
    const r = verify(
      (o.secret as string) ?? SPEC.secret,
      headers,
      (o.body as string) ?? SPEC.body,
      (o.now as number) ?? SPEC.timestamp * 1000,
    );
    expect(r).toEqual({ ok: false, reason });
  });

  it('honours the tolerance argument', () => {
    const headers = {
      'webhook-id': SPEC.id,
      'webhook-timestamp': String(SPEC.timestamp),
      'webhook-signature': SPEC.signature,
    };
    expect(verify(SPEC.secret, headers, SPEC.body, (SPEC.timestamp + 30) * 1000, 10).ok).toBe(false);
    expect(verify(SPEC.secret, headers, SPEC.body, (SPEC.timestamp + 30) * 1000, 60).ok).toBe(true);
  });

  it('generates whsec_ secrets from the injected random source', () => {
    const s = generateSecret((n) => new Uint8Array(n).fill(1));
    expect(s).toBe('whsec_' + Buffer.alloc(32, 1).toString('base64'));
    expect(webhookSecretSchema.safeParse(s).success).toBe(true);
    const a = generateSecret();
    const b = generateSecret();
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(() => generateSecret(() => new Uint8Array(3))).toThrow();
  });

  it('refuses unusable secrets', () => {
    expect(() => sign('whsec_', 'msg_1', 1, '{}')).toThrow();
    expect(() => sign('whsec_not base64!', 'msg_1', 1, '{}')).toThrow();
  });
});
