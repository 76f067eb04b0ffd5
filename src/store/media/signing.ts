import { createHmac, timingSafeEqual } from 'node:crypto';
import { ParleyError } from '../../errors/parley-error.js';

/**
 * Signed links for media on disk: `<base>/media/<key>?expires=<unix seconds>&sig=<hex HMAC-SHA256>` over
 * `GET\n<key>\n<expires>`. Anyone holding the link may download the object until it expires; nothing else
 * about the caller is checked.
 */

export const MEDIA_ROUTE_PREFIX = '/media/';

function mac(secret: string, key: string, expires: number): string {
  return createHmac('sha256', secret).update(`GET\n${key}\n${expires}`).digest('hex');
}

export function signMediaUrl(o: { baseUrl: string; secret: string; key: string; expiresAt: Date }): string {
  const expires = Math.floor(o.expiresAt.getTime() / 1000);
  const path = MEDIA_ROUTE_PREFIX + o.key.split('/').map(encodeURIComponent).join('/');
  return `${o.baseUrl.replace(/\/+$/, '')}${path}?expires=${expires}&sig=${mac(o.secret, o.key, expires)}`;
}

/** Throws SIGNED_URL_INVALID (missing or wrong signature) or SIGNED_URL_EXPIRED. */
export function verifyMediaSignature(o: {
  secret: string;
  key: string;
  expires: string | undefined;
  sig: string | undefined;
  now: number;
}): void {
  if (o.expires === undefined || o.sig === undefined || !/^\d{1,12}$/.test(o.expires))
    throw new ParleyError('SIGNED_URL_INVALID', 'the media link is missing its expiry or signature');
  const expires = Number(o.expires);
  const want = Buffer.from(mac(o.secret, o.key, expires), 'hex');
  const got = /^[0-9a-f]{64}$/.test(o.sig) ? Buffer.from(o.sig, 'hex') : Buffer.alloc(0);
  if (got.length !== want.length || !timingSafeEqual(got, want))
    throw new ParleyError('SIGNED_URL_INVALID', 'the media link signature does not match');
  if (expires * 1000 <= o.now)
    throw new ParleyError('SIGNED_URL_EXPIRED', 'the media link has expired; ask the API for a new one', {
      expired_at: new Date(expires * 1000).toISOString(),
    });
}

/** The secret media links are signed with: configured, or derived from the agent secret. */
export function mediaSigningSecret(configured: string | undefined, agentSecret: string): string {
  return configured ?? createHmac('sha256', agentSecret).update('parley media links').digest('hex');
}
