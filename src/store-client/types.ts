import type { TranscriptEntry } from '../analysis/types.js';
import type {
  CreateTurnInput,
  FinalizeInput,
  LiveEventInput,
  UpdateTurnBody,
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

/** One unit of work in the durable outbox. */
export type OutboxItem =
  | { kind: 'turn'; body: TurnBody }
  | { kind: 'turn_patch'; turn_number: number; body: TurnPatch }
  | { kind: 'events'; events: LiveEvent[] }
  | { kind: 'finalize'; body: FinalizeBody };

/** A line of the outbox journal. */
export type OutboxRecord =
  | { op: 'put'; seq: number; at: number; item: OutboxItem }
  | { op: 'ack'; seq: number; at: number }
  | { op: 'mark'; seq: number; at: number }
  | { op: 'dead'; seq: number; at: number; status: number | null; error: string };

export interface PendingEntry {
  seq: number;
  at: number;
  item: OutboxItem;
}
