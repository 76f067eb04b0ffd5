import { z } from 'zod';
import { liveEventSchema, type LiveEvent } from '../api/internal.js';

/**
 * A NOTIFY payload on the live channel: the event inline, or (too large for NOTIFY) its `seq`, read back
 * from the database. Payloads come from any process on the database, so they are parsed, not trusted.
 */
export const wireSchema = z.union([
  z.object({ run_id: z.string().min(1), event: liveEventSchema }),
  z.object({ run_id: z.string().min(1), seq: z.number().int().min(1) }),
]);
export type Wire = { run_id: string; event: LiveEvent } | { run_id: string; seq: number };

export interface BusLogger {
  warn(obj: object, msg: string): void;
}

/** The payload as a wire message, or null (logged) when it is not JSON or not one. */
export function parseWire(payload: string, log: BusLogger): Wire | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    log.warn({ bytes: payload.length }, 'skipping a live-event notification that is not JSON');
    return null;
  }
  const wire = wireSchema.safeParse(json);
  if (!wire.success) {
    log.warn(
      { bytes: payload.length, issue: wire.error.issues[0]?.message ?? null },
      'skipping a malformed live-event notification',
    );
    return null;
  }
  return wire.data;
}
