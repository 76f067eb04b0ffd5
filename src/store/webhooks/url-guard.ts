import { BlockList, isIP } from 'node:net';
import { promises as dns } from 'node:dns';
import { z } from 'zod';
import { ParleyError } from '../../errors/parley-error.js';

/**
 * SSRF guard for webhook targets. A URL is accepted when it is http(s), has no credentials, and (unless
 * `allowPrivate`) its host is not — and does not resolve to, for *every* resolved address — a loopback,
 * private, link-local, CGNAT, multicast, reserved or otherwise non-public address. Numeric host tricks
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`) are normalised by the WHATWG URL parser to dotted quads
 * before the check; IPv4 embedded in IPv6 (mapped, compatible, NAT64, 6to4) is checked as IPv4.
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

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Eight 16-bit groups of an IPv6 address (already validated by net.isIP), or null. */
function ipv6Groups(address: string): number[] | null {
  let addr = address.split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (dotted) {
    const o = dotted[1]!.split('.').map(Number);
    addr =
      addr.slice(0, -dotted[1]!.length) +
      `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...tail].map((g) =>
    parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

function v4(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** IPv4 embedded in an IPv6 address (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16). */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return v4(g[6]!, g[7]!); // mapped / compatible
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!); // NAT64 well-known
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0xffff && g[5] === 0)
    return v4(g[6]!, g[7]!); // SIIT
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!); // 6to4
  return null;
}

/** True when `address` (an IP literal) is not a public unicast address. Non-IP strings count as blocked. */
export function isBlockedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.split('%')[0]!);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) {
    const plain = bare.split('%')[0]!;
    if (blocked.check(plain, 'ipv6')) return true;
    const inner = embeddedIpv4(plain);
    if (inner !== null) return blocked.check(inner, 'ipv4');
    return false;
  }
  return true;
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
  const family = isIP(host);
  if (family === 4 || family === 6) {
    if (!allowPrivate && isBlockedAddress(host)) {
      fail('blocked_address', `webhook URL targets a non-public address (${host})`, host);
    }
    return { url, host, addresses: [{ address: host, family }] };
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
    const fam = isIP(r.address);
    if (fam !== 4 && fam !== 6)
      fail('unresolvable', `webhook host ${host} resolved to a non-IP answer`, host);
    if (!allowPrivate && isBlockedAddress(r.address)) {
      fail('blocked_address', `webhook host ${host} resolves to a non-public address (${r.address})`, host);
    }
    addresses.push({ address: r.address, family: fam });
  }
  if (addresses.length === 0) fail('unresolvable', `webhook host ${host} has no addresses`, host);
  return { url, host, addresses };
}
