import { z } from '@hono/zod-openapi';
import { transcriptRoleSchema } from '../../../analysis/types.js';
import { techniqueSchema } from '../../../blueprint/schema.js';
import { engineStateSchema, progressSchema } from '../../../engine/types.js';
import { runStatusSchema } from '../run-status.js';

/** Live events: what the agent posts (`POST /internal/runs/:id/events`) and what subscribers read. */

/**
 * Optional on every event: the worker's outbox id and sequence. Events whose `client_event_id` the run has
 * already stored are skipped, so a retried batch is not fanned out twice.
 */
const clientIds = {
  client_event_id: z.string().min(1).max(100).optional(),
  client_seq: z.number().int().min(0).optional(),
};

export const liveEventInSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...clientIds,
    type: z.literal('transcript_interim'),
    role: transcriptRoleSchema,
    content: z.string().max(20_000),
  }),
  z.strictObject({
    ...clientIds,
    type: z.literal('node_entered'),
    node_id: z.string().max(64),
    node_type: z.string().max(32),
  }),
  z.strictObject({
    ...clientIds,
    type: z.literal('follow_up'),
    node_id: z.string().max(64),
    key: z.string().max(64),
    technique: techniqueSchema,
    reason: z.string().max(2000),
    index: z.number().int().min(1),
  }),
  z.strictObject({
    ...clientIds,
    type: z.literal('agent_state'),
    state: z.enum(['initializing', 'idle', 'listening', 'thinking', 'speaking']),
  }),
  z.strictObject({ ...clientIds, type: z.literal('progress'), progress: progressSchema }),
  z.strictObject({ ...clientIds, type: z.literal('engine_state'), state: engineStateSchema }),
  z.strictObject({
    ...clientIds,
    type: z.literal('latency'),
    turn_number: z.number().int().min(0).optional(),
    e2e_ms: z.number().min(0).optional(),
    eou_ms: z.number().min(0).optional(),
    stt_ms: z.number().min(0).optional(),
    llm_ttft_ms: z.number().min(0).optional(),
    tts_ttfb_ms: z.number().min(0).optional(),
  }),
  z.strictObject({
    ...clientIds,
    type: z.literal('status'),
    status: z.enum(['awaiting_participant', 'awaiting_consent', 'active']),
    consent_status: z.enum(['not_required', 'pending', 'given', 'refused']).optional(),
  }),
]);
export type LiveEventIn = z.infer<typeof liveEventInSchema>;
/** One event as a client sends it. */
export type LiveEventInput = z.input<typeof liveEventInSchema>;

export const eventsBody = z
  .union([liveEventInSchema, z.strictObject({ events: z.array(liveEventInSchema).min(1).max(500) })])
  .openapi('LiveEvents');

export const eventsAcceptedSchema = z
  .object({ accepted: z.number().int(), last_seq: z.number().int() })
  .openapi('LiveEventsAccepted');

/** What SSE subscribers and `GET /live` see: stored events with their per-run sequence number. */
export const liveEventSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
    created_at: z.string(),
  })
  .openapi('LiveEvent');
export type LiveEvent = z.infer<typeof liveEventSchema>;

export const liveListSchema = z
  .object({
    object: z.literal('list'),
    run_id: z.string(),
    status: runStatusSchema,
    data: z.array(liveEventSchema),
  })
  .openapi('LiveEventList');
