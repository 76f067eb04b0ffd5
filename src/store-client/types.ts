import { z } from 'zod';

/**
 * Wire shapes of the store's agent-facing API (`/internal/runs/:id/...`, `X-Agent-Secret`) as the client
 * sends and reads them. Responses are parsed leniently (`looseObject`): the store may add fields, and the
 * client must keep working with the worker of another version.
 */

export const turnRoleSchema = z.enum(['agent', 'participant']);
export type TurnRole = z.infer<typeof turnRoleSchema>;

/** `POST /internal/runs/:id/turns`: idempotent on `turn_number`. Times are ISO-8601 strings. */
export const turnBodySchema = z.object({
  turn_number: z.number().int().min(0),
  role: turnRoleSchema,
  content: z.string(),
  started_at: z.string(),
  ended_at: z.string(),
  session_id: z.string().optional(),
  node_id: z.string().optional(),
  question_key: z.string().optional(),
  /** utterance | question | follow_up | statement | system */
  entry_type: z.string(),
  confidence: z.number().min(0).max(1).optional(),
  is_pending_question: z.boolean().optional(),
  evaluation: z.record(z.string(), z.unknown()).optional(),
});
export type TurnBody = z.infer<typeof turnBodySchema>;

/** `PATCH /internal/runs/:id/turns/:n`. */
export const turnPatchSchema = turnBodySchema
  .omit({ turn_number: true, role: true })
  .partial()
  .extend({ content: z.string().optional() });
export type TurnPatch = z.infer<typeof turnPatchSchema>;

export const liveEventTypeSchema = z.enum([
  'transcript_interim',
  'node_entered',
  'follow_up',
  'agent_state',
  'progress',
  'engine_state',
  'latency',
  'status',
]);
export type LiveEventType = z.infer<typeof liveEventTypeSchema>;

/** One live event as the client hands it over; the outbox adds the client-side id when sending. */
export interface LiveEvent {
  type: LiveEventType;
  [field: string]: unknown;
}

export const finalizeBodySchema = z.object({
  ended_at: z.string(),
  reason: z.string(),
  audio_url: z.string().optional(),
  generate_report: z.boolean().optional(),
});
export type FinalizeBody = z.infer<typeof finalizeBodySchema>;

/** A stored transcript entry as `GET history` / `POST sessions` return it. */
export const historyTurnSchema = z.looseObject({
  turn_number: z.number().int(),
  role: turnRoleSchema,
  content: z.string(),
  node_id: z.string().nullish(),
  question_key: z.string().nullish(),
  entry_type: z.string().nullish(),
});
export type HistoryTurn = z.infer<typeof historyTurnSchema>;

/** `GET /internal/runs/:id/history` answers either a bare list or `{turns: [...]}` / `{history: [...]}`. */
export const historySchema = z.union([
  z.array(historyTurnSchema),
  z.looseObject({ turns: z.array(historyTurnSchema) }).transform((h) => h.turns),
  z.looseObject({ history: z.array(historyTurnSchema) }).transform((h) => h.history),
  z.looseObject({ data: z.array(historyTurnSchema) }).transform((h) => h.data),
]);

/** `POST /internal/runs/:id/sessions`. */
export const sessionResponseSchema = z.looseObject({
  session_id: z.string(),
  run: z.looseObject({ id: z.string(), status: z.string().optional() }),
  blueprint: z.unknown(),
  agent: z.unknown().optional(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  participant: z.record(z.string(), z.unknown()).nullish(),
  engine_state: z.unknown().optional(),
  history: z.unknown().optional(),
});
export interface SessionResponse {
  session_id: string;
  run: { id: string; status?: string | undefined; [field: string]: unknown };
  blueprint: unknown;
  agent?: unknown;
  variables?: Record<string, unknown> | null | undefined;
  participant?: Record<string, unknown> | null | undefined;
  engine_state?: unknown;
  history: HistoryTurn[];
}

/** One unit of work in the durable outbox. */
export type OutboxItem =
  | { kind: 'turn'; body: TurnBody }
  | { kind: 'turn_patch'; turn_number: number; body: TurnPatch }
  | { kind: 'events'; events: Array<LiveEvent & { client_event_id: string; client_seq: number }> }
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
