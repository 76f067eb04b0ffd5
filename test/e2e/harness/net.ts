import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The host's own non-loopback IPv4 address. WebRTC clients ignore loopback candidates, so the LiveKit
 * server advertises this one (traffic to it never leaves the machine).
 */
export function hostAddress(): string {
  const fromEnv = process.env.PARLEY_E2E_NODE_IP;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (const list of Object.values(networkInterfaces())) {
    for (const nic of list ?? []) {
      if (nic.family === 'IPv4' && !nic.internal) return nic.address;
    }
  }
  throw new Error('no non-loopback IPv4 address on this host (set PARLEY_E2E_NODE_IP)');
}
