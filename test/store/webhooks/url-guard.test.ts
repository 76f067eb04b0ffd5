import { describe, expect, it } from 'vitest';
import { isParleyError } from '../../../src/errors/parley-error.js';
import {
  assertWebhookUrl,
  embeddedIpv4,
  isBlockedAddress,
  type LookupAll,
} from '../../../src/store/webhooks/url-guard.js';

/** Fake DNS: names map to address lists; anything else is NXDOMAIN. */
function fakeDns(table: Record<string, string[]>): LookupAll & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (host: string) => {
    calls.push(host);
    const answers = table[host];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as unknown as LookupAll & { calls: string[] };
  fn.calls = calls;
  return fn;
}

const dns = fakeDns({
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'internal.example.com': ['10.1.2.3'],
  'mixed.example.com': ['93.184.216.34', '192.168.1.10'],
  'v6local.example.com': ['fd12:3456::1'],
  'mapped.example.com': ['::ffff:169.254.169.254'],
  'meta.example.com': ['169.254.169.254'],
  'weird.example.com': ['not-an-ip'],
  'hexanswer.example.com': ['0x7f.1'],
  'nat64.example.com': ['64:ff9b::a9fe:a9fe'],
  'zoned.example.com': ['fe80::1%eth0'],
  'empty.example.com': [],
  localhost: ['127.0.0.1', '::1'],
});

async function reason(url: string, opts: { allowPrivate?: boolean } = {}): Promise<string | null> {
  try {
    await assertWebhookUrl(url, { lookup: dns, ...opts });
    return null;
  } catch (err) {
    if (!isParleyError(err)) throw err;
    expect(err.code).toBe('INVALID_WEBHOOK_URL');
    return (err.details as { reason: string }).reason;
  }
}

describe('assertWebhookUrl', () => {
  it.each([
    ['not a url', 'malformed'],
    ['/relative/path', 'malformed'],
    ['ftp://hooks.example.com/x', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['gopher://hooks.example.com/', 'scheme'],
    ['http://user:pw@hooks.example.com/', 'credentials'],
    ['https://user@hooks.example.com/', 'credentials'],
    ['http://localhost/', 'blocked_host'],
    ['http://LOCALHOST./', 'blocked_host'],
    ['http://api.localhost:8080/', 'blocked_host'],
    ['http://127.0.0.1/', 'blocked_address'],
    ['http://127.1/', 'blocked_address'],
    ['http://2130706433/', 'blocked_address'],
    ['http://0x7f.1/', 'blocked_address'],
    ['http://0x7f000001/', 'blocked_address'],
    ['http://0177.0.0.1/', 'blocked_address'],
    ['http://%31%32%37.0.0.1/', 'blocked_address'],
    ['http://0/', 'blocked_address'],
    ['http://0.0.0.0:8080/', 'blocked_address'],
    ['http://10.0.0.1/', 'blocked_address'],
    ['http://172.16.0.1/', 'blocked_address'],
    ['http://172.31.255.255/', 'blocked_address'],
    ['http://192.168.0.1/', 'blocked_address'],
    ['http://169.254.169.254/latest/meta-data/', 'blocked_address'],
    ['http://100.64.0.1/', 'blocked_address'],
    ['http://100.127.255.254/', 'blocked_address'],
    ['http://224.0.0.1/', 'blocked_address'],
    ['http://255.255.255.255/', 'blocked_address'],
    ['http://[::1]/', 'blocked_address'],
    ['http://[::]/', 'blocked_address'],
    ['http://[fc00::1]/', 'blocked_address'],
    ['http://[fd00:ec2::254]/', 'blocked_address'],
    ['http://[fe80::1]/', 'blocked_address'],
    ['http://[ff02::1]/', 'blocked_address'],
    ['http://[::ffff:127.0.0.1]/', 'blocked_address'],
    ['http://[::ffff:7f00:1]/', 'blocked_address'],
    ['http://[::ffff:a9fe:a9fe]/', 'blocked_address'],
    ['http://[::ffff:10.0.0.1]/', 'blocked_address'],
    ['http://[::127.0.0.1]/', 'blocked_address'],
    ['http://[64:ff9b::7f00:1]/', 'blocked_address'],
    ['http://[2002:7f00:1::]/', 'blocked_address'],
    ['http://[2002:c0a8:101::1]/', 'blocked_address'],
    ['http://internal.example.com/', 'blocked_address'],
    ['http://mixed.example.com/', 'blocked_address'],
    ['http://v6local.example.com/', 'blocked_address'],
    ['http://mapped.example.com/', 'blocked_address'],
    ['http://meta.example.com/', 'blocked_address'],
    ['http://0x7f.0x0.0x0.0x1/', 'blocked_address'],
    ['http://017700000001/', 'blocked_address'],
    ['http://0300.0250.0.1/', 'blocked_address'],
    ['http://3232235777/', 'blocked_address'],
    ['http://127.0.0.1./', 'blocked_address'],
    ['http://169.254.0.1/', 'blocked_address'],
    ['http://100.100.100.200/', 'blocked_address'],
    ['http://239.255.255.250/', 'blocked_address'],
    ['http://198.18.0.1/', 'blocked_address'],
    ['http://192.0.2.1/', 'blocked_address'],
    ['http://[0:0:0:0:0:0:0:1]/', 'blocked_address'],
    ['http://[0::0]/', 'blocked_address'],
    ['http://[fe80::a:b:c:d]/', 'blocked_address'],
    ['http://[febf:ffff::1]/', 'blocked_address'],
    ['http://[fec0::1]/', 'blocked_address'],
    ['http://[ff05::2]/', 'blocked_address'],
    ['http://[100::1]/', 'blocked_address'],
    ['http://[2001:db8::1]/', 'blocked_address'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'blocked_address'],
    ['http://[::ffff:100.64.0.1]/', 'blocked_address'],
    ['http://[::ffff:0:7f00:1]/', 'blocked_address'],
    ['http://[::7f00:1]/', 'blocked_address'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'blocked_address'],
    ['http://[64:ff9b::10.0.0.1]/', 'blocked_address'],
    ['http://[64:ff9b:1::808:808]/', 'blocked_address'],
    ['http://nat64.example.com/', 'blocked_address'],
    ['http://zoned.example.com/', 'blocked_address'],
    ['http://hexanswer.example.com/', 'unresolvable'],
    ['http://weird.example.com/', 'unresolvable'],
    ['http://empty.example.com/', 'unresolvable'],
    ['http://nxdomain.example.com/', 'unresolvable'],
  ])('refuses %s (%s)', async (url, expected) => {
    expect(await reason(url)).toBe(expected);
  });

  it.each([
    'https://hooks.example.com/parley',
    'http://hooks.example.com:8443/a?b=c',
    'https://93.184.216.34/hook',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/hook',
    'https://172.32.0.1/',
    'https://100.128.0.1/',
    'https://[::ffff:8.8.8.8]/',
    'https://[2002:0808:0808::1]/',
    'https://[64:ff9b::808:808]/',
    'https://134744072/',
    'https://0x08.0x08.0x08.0x08/',
  ])('accepts %s', async (url) => {
    expect(await reason(url)).toBeNull();
  });

  it('returns every vetted address for pinning', async () => {
    const r = await assertWebhookUrl('https://hooks.example.com/x', { lookup: dns });
    expect(r.host).toBe('hooks.example.com');
    expect(r.addresses).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
  });

  it('does not resolve IP literals', async () => {
    const local = fakeDns({});
    await assertWebhookUrl('https://93.184.216.34/', { lookup: local });
    expect(local.calls).toEqual([]);
  });

  it('allows private targets only with allowPrivate, still refusing bad schemes and credentials', async () => {
    expect(await reason('http://127.0.0.1:8787/hook', { allowPrivate: true })).toBeNull();
    expect(await reason('http://localhost/', { allowPrivate: true })).toBeNull();
    expect(await reason('http://internal.example.com/', { allowPrivate: true })).toBeNull();
    expect(await reason('ftp://127.0.0.1/', { allowPrivate: true })).toBe('scheme');
    expect(await reason('http://a:b@127.0.0.1/', { allowPrivate: true })).toBe('credentials');
  });

  it('never echoes credentials in the error', async () => {
    try {
      await assertWebhookUrl('http://admin:hunter2@hooks.example.com/', { lookup: dns });
      expect.unreachable();
    } catch (err) {
      expect(
        JSON.stringify({ m: (err as Error).message, d: (err as { details: unknown }).details }),
      ).not.toContain('hunter2');
    }
  });
});

describe('address helpers', () => {
  it('extracts embedded IPv4', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('::ffff:192.168.1.1')).toBe('192.168.1.1');
    expect(embeddedIpv4('64:ff9b::a00:1')).toBe('10.0.0.1');
    expect(embeddedIpv4('2002:a9fe:a9fe::')).toBe('169.254.169.254');
    expect(embeddedIpv4('::ffff:0:a00:1')).toBe('10.0.0.1');
    expect(embeddedIpv4('::7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('[::ffff:a9fe:a9fe]')).toBe('169.254.169.254');
    expect(embeddedIpv4('2606:2800:220:1:248:1893:25c8:1946')).toBeNull();
    expect(embeddedIpv4('64:ff9b:1::a00:1')).toBeNull();
    expect(embeddedIpv4('10.0.0.1')).toBeNull();
    expect(embeddedIpv4('not-an-ip')).toBeNull();
  });

  it('treats non-IP strings as blocked', () => {
    expect(isBlockedAddress('example.com')).toBe(true);
    expect(isBlockedAddress('8.8.8.8')).toBe(false);
    expect(isBlockedAddress('[::1]')).toBe(true);
    expect(isBlockedAddress('fe80::1%eth0')).toBe(true);
    expect(isBlockedAddress('')).toBe(true);
    expect(isBlockedAddress('1.2.3.4.5')).toBe(true);
    expect(isBlockedAddress('::1::')).toBe(true);
  });

  it('reads octal, hex and single-number IPv4 forms by their value', () => {
    expect(isBlockedAddress('0177.0.0.1')).toBe(true);
    expect(isBlockedAddress('0x7f.1')).toBe(true);
    expect(isBlockedAddress('2130706433')).toBe(true);
    expect(isBlockedAddress('127.1')).toBe(true);
    expect(isBlockedAddress('134744072')).toBe(false);
    expect(isBlockedAddress('0x08080808')).toBe(false);
  });

  it('blocks every non-public range and keeps public unicast', () => {
    for (const a of [
      '0.0.0.0',
      '127.0.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.251',
      '255.255.255.255',
    ])
      expect(isBlockedAddress(a), a).toBe(true);
    for (const a of ['::', '::1', 'fe80::1', 'ff02::fb', 'fd00::1', '::ffff:127.0.0.1', '64:ff9b::7f00:1'])
      expect(isBlockedAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:1.1.1.1', '64:ff9b::101:101'])
      expect(isBlockedAddress(a), a).toBe(false);
  });
});
