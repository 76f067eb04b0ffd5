import { z } from '@hono/zod-openapi';
import {
  transcriptEntrySchema,
  transcriptEntryTypeSchema,
  transcriptRoleSchema,
} from '../../analysis/types.js';
import { endReasonSchema, engineStateSchema, progressSchema } from '../../engine/types.js';
import { techniqueSchema } from '../../blueprint/schema.js';
import { agentSchema } from './agents.js';
import { runStatusSchema } from './run-status.js';
import { runSchema } from './runs.js';

/** Agent-facing endpoints (`/internal`, authenticated by `X-Agent-Secret`). Times are ISO 8601. */

const datetime = z.iso.datetime({ offset: true });

export const startSessionBody = z
  .strictObject({
    /** LiveKit participant identity of the interviewee, if known. */
    participant_identity: z.string().max(200).optional(),
    channel: z.enum(['webrtc', 'sip']).optional(),
  })
  .openapi('StartSession');

export const sessionStartedSchema = z
  .object({
    session_id: z.string(),
    run: runSchema,
    blueprint: z.record(z.string(), z.unknown()).openapi({ description: 'The pinned Blueprint document.' }),
    agent: agentSchema.nullable(),
    variables: z.record(z.string(), z.string()),
    participant: runSchema.shape.participant,
    engine_state: engineStateSchema.nullable(),
    history: z.array(transcriptEntrySchema),
  })
  .openapi('SessionStarted');

export const createTurnBody = z
  .strictObject({
    turn_number: z.number().int().min(0).max(1_000_000),
    role: transcriptRoleSchema,
    content: z.string().max(100_000),
    started_at: datetime,
    ended_at: datetime,
    session_id: z.string().max(100).optional(),
    node_id: z.string().max(64).nullable().optional(),
    question_key: z.string().max(64).nullable().optional(),
    entry_type: transcriptEntryTypeSchema.default('utterance'),
    confidence: z.number().min(0).max(1).nullable().optional(),
    is_pending_question: z.boolean().optional(),
    evaluation: z.record(z.string(), z.unknown()).nullable().optional(),
    audio_url: z.string().max(2000).nullable().optional(),
  })
  .openapi('CreateTurn');
export type CreateTurnBody = z.infer<typeof createTurnBody>;

export const updateTurnBody = z
  .strictObject({
    content: z.string().max(100_000).optional(),
    started_at: datetime.optional(),
    ended_at: datetime.optional(),
    session_id: z.string().max(100).optional(),
    node_id: z.string().max(64).nullable().optional(),
    question_key: z.string().max(64).nullable().optional(),
    entry_type: transcriptEntryTypeSchema.optional(),
    confidence: z.number().min(0).max(1).nullable().optional(),
    is_pending_question: z.boolean().optional(),
    evaluation: z.record(z.string(), z.unknown()).nullable().optional(),
    audio_url: z.string().max(2000).nullable().optional(),
  })
  .openapi('UpdateTurn');
export type UpdateTurnBody = z.infer<typeof updateTurnBody>;

export const turnParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
  n: z.coerce
    .number()
    .int()
    .min(0)
    .openapi({ param: { name: 'n', in: 'path' } }),
});

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

export const eventsBody = z
  .union([liveEventInSchema, z.strictObject({ events: z.array(liveEventInSchema).min(1).max(500) })])
  .openapi('LiveEvents');

export const eventsAcceptedSchema = z
  .object({ accepted: z.number().int(), last_seq: z.number().int() })
  .openapi('LiveEventsAccepted');

export const finalizeBody = z
  .strictObject({
    ended_at: datetime.optional(),
    reason: endReasonSchema.default('completed'),
    audio_url: z.string().max(2000).nullable().optional(),
    generate_report: z.boolean().optional(),
  })
  .openapi('Finalize');
export type FinalizeBody = z.infer<typeof finalizeBody>;

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

export const historySchema = z
  .object({ object: z.literal('list'), run_id: z.string(), data: z.array(transcriptEntrySchema) })
  .openapi('History');
