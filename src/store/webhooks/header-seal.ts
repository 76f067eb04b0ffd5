import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Per-run notification header values (`notifications[].attributes.headers`) are where integrators put
 * webhook credentials, so they are write-only: sealed with AES-256-GCM before they are stored (in the run
 * and in its outbox deliveries), opened only when a delivery is sent, and shown in responses by name only.
 *
 * The key is derived (HKDF-SHA256) from PARLEY_SECRETS_KEY, or from the agent secret when that is unset:
 * rotating the secret it comes from makes earlier sealed values unreadable (those headers are then left
 * out of the request and the delivery is logged).
 */
export interface HeaderSeal {
  seal(value: string): string;
  /** The plain value, or null when it was sealed with another key or is damaged. */
  open(value: string): string | null;
}

const PREFIX = 'sealed:v1:';
/** What responses show in place of a header value. */
export const REDACTED = '[redacted]';

export function headerSealKey(settings: { secretsKey?: string | undefined; agentSecret: string }): Buffer {
  const ikm = settings.secretsKey ?? settings.agentSecret;
  return Buffer.from(hkdfSync('sha256', ikm, 'parley', 'notification headers v1', 32));
}

export function createHeaderSeal(key: Buffer, random: (n: number) => Buffer = randomBytes): HeaderSeal {
  return {
    seal(value) {
      const iv = random(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(value) {
      // values stored before sealing existed are plain text
      if (!value.startsWith(PREFIX)) return value;
      const raw = Buffer.from(value.slice(PREFIX.length), 'base64url');
      if (raw.length < 28) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Seals every header value of a set of custom headers. */
export function sealHeaders(seal: HeaderSeal, headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, seal.seal(v)]));
}

/** Header names with their values replaced: what any API response shows. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((k) => [k, REDACTED]));
}
