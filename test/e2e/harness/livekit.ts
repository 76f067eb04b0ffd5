import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ChildProc } from './process.js';
import { freePort, hostAddress } from './net.js';

/** The package root, from test/e2e/harness and from its compiled copy under dist/ (the benchmarks). */
export const REPO_ROOT = (() => {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'e2e');

export interface LiveKitServer {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  nodeIp: string;
  proc: ChildProc;
  stop(): Promise<void>;
}

/** Runs test/setup/livekit.sh (builds or reuses the cached binary) and returns the binary path. */
export function livekitBinary(): string {
  const fromEnv = process.env.PARLEY_LIVEKIT_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const out = execFileSync('bash', [join(REPO_ROOT, 'test/setup/livekit.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = out.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

/**
 * Starts a real livekit-server v1.13.5 with a generated config: signalling on 127.0.0.1, media advertised
 * on the host's non-loopback address (WebRTC ignores loopback), STUN pointed at loopback so nobody tries a
 * public STUN server, no Redis. Resolves when `GET /` answers.
 */
export async function startLiveKit(opts: { logDir?: string } = {}): Promise<LiveKitServer> {
  const bin = livekitBinary();
  const port = await freePort();
  const tcpPort = await freePort();
  const udpPort = await freePort();
  const nodeIp = hostAddress();
  const apiKey = 'devkey';
  const apiSecret = 'parley-e2e-secret-0123456789abcdef0123';
  const dir = mkdtempSync(join(tmpdir(), 'parley-livekit-'));
  const config = [
    `port: ${port}`,
    `bind_addresses: ["127.0.0.1", "${nodeIp}"]`,
    'rtc:',
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    `  node_ip: ${nodeIp}`,
    '  use_external_ip: false',
    '  stun_servers: ["127.0.0.1:3478"]',
    'keys:',
    `  ${apiKey}: ${apiSecret}`,
    'logging:',
    '  level: info',
    'room:',
    '  empty_timeout: 30',
    '  departure_timeout: 2',
    '',
  ].join('\n');
  const configPath = join(dir, 'livekit.yaml');
  writeFileSync(configPath, config);
  const proc = new ChildProc('livekit-server', bin, ['--config', configPath], {
    logDir: opts.logDir ?? ARTIFACTS,
    env: withoutLiveKitEnv(process.env),
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!proc.running) throw new Error(`livekit-server exited at start (log: ${proc.logPath})`);
    try {
      const res = await fetch(httpUrl);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.stop('SIGKILL');
      throw new Error(`livekit-server did not answer on ${httpUrl} (log: ${proc.logPath})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    nodeIp,
    proc,
    stop: () => proc.stop('SIGTERM', 5_000),
  };
}

/** The server reads LIVEKIT_KEYS / LIVEKIT_CONFIG from the environment: keep the generated config authoritative. */
function withoutLiveKitEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of ['LIVEKIT_KEYS', 'LIVEKIT_CONFIG', 'NODE_IP', 'UDP_PORT', 'REDIS_HOST']) delete out[k];
  return out;
}
