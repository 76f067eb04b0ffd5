import type { Command } from 'commander';
import { destination, pino } from 'pino';
import type { Env } from '../../config/shared.js';
import { parseStoreEnv } from '../../config/store.js';
import { startStore } from '../../store/start.js';
import { configOrExit } from '../config.js';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port ${v}`);
  return n;
}

/** `parley store`: the HTTP API over PGlite (default) or PostgreSQL (DATABASE_URL). */
export function registerStoreCommand(program: Command, env: Env): void {
  program
    .command('store')
    .description('Run the store: the HTTP API, live transcripts, finalize → analysis → webhooks')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 8787)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data <dir>', 'PGlite data directory (ignored with DATABASE_URL)', './.parley/data')
    .action(async (opts: { port: number; host: string; data: string }) => {
      const config = configOrExit(() => parseStoreEnv(env));
      if (config === undefined) return;
      const logger = pino(
        { level: config.PARLEY_LOG_LEVEL, redact: config.PARLEY_LOG_PII ? [] : ['pii'] },
        destination(2),
      );
      const store = await startStore({
        config,
        port: opts.port,
        host: opts.host,
        dataDir: opts.data,
        logger,
      });
      process.stdout.write(`parley store listening on ${store.url}\n`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        store.close().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err: String(err) }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
