import { z } from 'zod';
import type { TranscriptEntry } from '../analysis/types.js';
import {
  createTurnBody,
  finalizeBody,
  liveEventInSchema,
  updateTurnBody,
  type CreateTurnInput,
  type FinalizeInput,
  type LiveEventInput,
  type UpdateTurnBody,
} from '../store/api/internal.js';

/**
 * What the client sends to the store's agent-facing API, typed by the store's own schemas
 * (src/store/api/internal/): the client keeps no copy of them.
 */

/** `POST /internal/runs/:id/turns`: idempotent on `turn_number`. Times are ISO-8601 strings. */
export type TurnBody = CreateTurnInput;

/** `PATCH /internal/runs/:id/turns/:n`. */
export type TurnPatch = UpdateTurnBody;

/** One live event as the client hands it over; the outbox adds the client-side id when sending. */
export type LiveEvent = LiveEventInput;

/** `POST /internal/runs/:id/finalize`. */
export type FinalizeBody = FinalizeInput;

/** A stored transcript entry as `GET history` / `POST sessions` return it. */
export type HistoryTurn = TranscriptEntry;

/**
 * One unit of work in the durable outbox. The journal on disk is untrusted input when it is read back
 * (a torn write, another version, a hand edit): each line is parsed with these schemas, which hold the
 * store's own body schemas.
 */
export const outboxItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('turn'), body: createTurnBody }),
  z.object({ kind: z.literal('turn_patch'), turn_number: z.number().int().min(0), body: updateTurnBody }),
  z.object({ kind: z.literal('events'), events: z.array(liveEventInSchema) }),
  z.object({ kind: z.literal('finalize'), body: finalizeBody }),
]);
export type OutboxItem = z.input<typeof outboxItemSchema>;

const seq = z.number().int().min(0);
const at = z.number();

/** A line of the outbox journal. */
export const outboxRecordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), seq, at, item: outboxItemSchema }),
  z.object({ op: z.literal('ack'), seq, at }),
  z.object({ op: z.literal('mark'), seq, at }),
  z.object({ op: z.literal('dead'), seq, at, status: z.number().int().nullable(), error: z.string() }),
]);
export type OutboxRecord = z.input<typeof outboxRecordSchema>;

export interface PendingEntry {
  seq: number;
  at: number;
  item: OutboxItem;
}
