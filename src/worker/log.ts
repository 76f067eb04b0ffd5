import { pino, type Logger } from 'pino';

/**
 * The worker's JSON logs. Transcripts, names and PINs never appear in messages or ordinary fields: only
 * under `pii.*`, and only when `PARLEY_LOG_PII` is on (otherwise `pii` is dropped entirely).
 */
export function createWorkerLogger(opts: { level: string; logPii: boolean; name?: string }): Logger {
  return pino({
    name: opts.name ?? 'parley-worker',
    level: opts.level,
    base: { pid: process.pid },
    ...(opts.logPii ? {} : { redact: { paths: ['pii'], remove: true } }),
  });
}
