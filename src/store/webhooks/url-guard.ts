import { promises as dns } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { ParleyError } from '../../errors/parley-error.js';

/**
 * SSRF guard for webhook targets. A URL is accepted when it is http(s), has no credentials, and (unless
 * `allowPrivate`) its host is not — and does not resolve to, for *every* resolved address — a loopback,
 * private, link-local, CGNAT, multicast, reserved or otherwise non-public address. Numeric host tricks
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`) are normalised by the WHATWG URL parser to dotted quads
 * (and would be read by ipaddr.js's parser anyway); IPv4 embedded in IPv6 (mapped, compatible, SIIT,
 * NAT64, 6to4) is checked as IPv4. Address parsing and the special-range table are ipaddr.js's.
 */

export const resolvedAddressSchema = z.object({
  address: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
});
export type ResolvedAddress = z.infer<typeof resolvedAddressSchema>;

/** `dns.promises.lookup(hostname, { all: true })` or a stand-in. */
export type LookupAll = (
  hostname: string,
  options: { all: true },
) => Promise<{ address: string; family: number }[]>;

export interface UrlGuardOptions {
  allowPrivate?: boolean;
  lookup?: LookupAll;
}

export interface CheckedUrl {
  url: URL;
  /** Host name without brackets or trailing dot (an IP literal for IP hosts). */
  host: string;
  /** Every address the host resolved to, all vetted; pin the connection to one of these. */
  addresses: ResolvedAddress[];
}

export type UrlGuardReason =
  'malformed' | 'scheme' | 'credentials' | 'blocked_host' | 'blocked_address' | 'unresolvable';

const defaultLookup: LookupAll = (hostname, options) => dns.lookup(hostname, options);

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Which addresses are public is ipaddr.js's special-range table: an IPv4 address is public only in its
 * `unicast` range (so not this-network, private, CGNAT, loopback, link-local, the IETF/TEST-NET/6to4-relay/
 * benchmarking/AS112/AMT blocks, multicast, reserved or broadcast). An IPv6 address is public in `unicast`
 * or `teredo`; unspecified, loopback, unique-local, link-local, site-local, discard, documentation and the
 * other reserved ranges are not. IPv6 that carries an IPv4 address is judged by that IPv4 address.
 */
const PUBLIC_V6_RANGES: ReadonlySet<string> = new Set(['unicast', 'teredo']);

/** Where IPv6 carries IPv4: the prefix, and the byte offset of the IPv4 address in the 16 bytes. */
const V4_CARRIERS: readonly { net: [ipaddr.IPv6, number]; at: number }[] = [
  { net: ipaddr.IPv6.parseCIDR('::ffff:0:0/96'), at: 12 }, // IPv4-mapped
  { net: ipaddr.IPv6.parseCIDR('::/96'), at: 12 }, // IPv4-compatible (deprecated)
  { net: ipaddr.IPv6.parseCIDR('::ffff:0:0:0/96'), at: 12 }, // SIIT (RFC 6145)
  { net: ipaddr.IPv6.parseCIDR('64:ff9b::/96'), at: 12 }, // NAT64 well-known prefix
  { net: ipaddr.IPv6.parseCIDR('2002::/16'), at: 2 }, // 6to4
];

function carriedIpv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const carrier = V4_CARRIERS.find((c) => ip.match(c.net));
  if (!carrier) return null;
  return new ipaddr.IPv4(ip.toByteArray().slice(carrier.at, carrier.at + 4));
}

/** An IP address in any form ipaddr.js reads (brackets and a zone id allowed), or null. */
function parseIp(text: string): IpAddress | null {
  const bare = text.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? ipaddr.parse(bare) : null;
}

/** A strict IP literal as DNS answers carry them: dotted-quad IPv4 (4) or IPv6 (6), else null. */
function literalFamily(text: string): 4 | 6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return 4;
  return ipaddr.IPv6.isValid(text) ? 6 : null;
}

function isPublic(ip: IpAddress): boolean {
  if (ip instanceof ipaddr.IPv4) return ip.range() === 'unicast';
  const carried = carriedIpv4(ip);
  if (carried !== null && ip.range() !== 'unspecified' && ip.range() !== 'loopback') return isPublic(carried);
  return PUBLIC_V6_RANGES.has(ip.range());
}

/** IPv4 embedded in an IPv6 address (mapped, compatible, SIIT, NAT64 64:ff9b::/96, 6to4 2002::/16). */
export function embeddedIpv4(address: string): string | null {
  const ip = parseIp(address);
  if (!(ip instanceof ipaddr.IPv6)) return null;
  return carriedIpv4(ip)?.toString() ?? null;
}

/** True when `address` (an IP address) is not a public unicast address. Non-IP strings count as blocked. */
export function isBlockedAddress(address: string): boolean {
  const ip = parseIp(address);
  return ip === null || !isPublic(ip);
}

function fail(reason: UrlGuardReason, message: string, host?: string): never {
  throw new ParleyError('INVALID_WEBHOOK_URL', message, host === undefined ? { reason } : { reason, host });
}

/** Parse and statically check a URL (scheme, credentials); no DNS. */
export function parseWebhookUrl(raw: string): { url: URL; host: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('malformed', 'webhook URL is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('scheme', `webhook URL must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username !== '' || url.password !== '') {
    return fail('credentials', 'webhook URL must not contain credentials; use headers instead');
  }
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === '') return fail('malformed', 'webhook URL has no host');
  return { url, host };
}

/**
 * Check a webhook URL; resolves the host (every address) unless it is an IP literal. Throws
 * ParleyError('INVALID_WEBHOOK_URL', …, { reason, host }) when refused.
 */
export async function assertWebhookUrl(raw: string, opts: UrlGuardOptions = {}): Promise<CheckedUrl> {
  const { url, host } = parseWebhookUrl(raw);
  const allowPrivate = opts.allowPrivate ?? false;
  const literal = parseIp(host);
  if (literal !== null) {
    if (!allowPrivate && !isPublic(literal)) {
      fail('blocked_address', `webhook URL targets a non-public address (${host})`, host);
    }
    const v4 = literal instanceof ipaddr.IPv4;
    return { url, host, addresses: [{ address: v4 ? literal.toString() : host, family: v4 ? 4 : 6 }] };
  }
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) {
    fail('blocked_host', `webhook URL targets a local host (${host})`, host);
  }
  let resolved: { address: string; family: number }[];
  try {
    resolved = await (opts.lookup ?? defaultLookup)(host, { all: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return fail(
      'unresolvable',
      `webhook host ${host} does not resolve${typeof code === 'string' ? ` (${code})` : ''}`,
      host,
    );
  }
  const addresses: ResolvedAddress[] = [];
  for (const r of resolved) {
    const fam = literalFamily(r.address);
    if (fam === null) fail('unresolvable', `webhook host ${host} resolved to a non-IP answer`, host);
    if (!allowPrivate && isBlockedAddress(r.address)) {
      fail('blocked_address', `webhook host ${host} resolves to a non-public address (${r.address})`, host);
    }
    addresses.push({ address: r.address, family: fam });
  }
  if (addresses.length === 0) fail('unresolvable', `webhook host ${host} has no addresses`, host);
  return { url, host, addresses };
}
