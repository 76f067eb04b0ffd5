import { z } from 'zod';
import { jsonValueSchema, webhookEventTypeSchema, type WebhookEventType } from '../types.js';
import {
  analysisSummaryInputSchema,
  participantOf,
  runLinks,
  runLinksSchema,
  runSummaryInputSchema,
  type AnalysisSummaryInput,
  type PayloadContext,
  type RunSummaryInput,
} from './run-summary.js';

/**
 * Account endpoints (`webhook-endpoints`): the envelope `{type, timestamp, data}` for every subscribed
 * event type.
 */

export const runEventDataSchema = z.object({
  id: z.string(),
  object: z.literal('interview_run'),
  status: z.string(),
  previous_status: z.string().nullable(),
  blueprint_id: z.string().nullable(),
  blueprint_version: z.number().nullable(),
  agent_id: z.string().nullable(),
  channel: z.string().nullable(),
  test_mode: z.boolean(),
  participant: z.object({ external_id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  metadata: z.record(z.string(), jsonValueSchema),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  end_reason: z.string().nullable(),
  failure_reason: z.string().nullable(),
  audio_url: z.string().nullable(),
  /** The run's result documents (GET /v1/transcripts|responses|analyses/:id); null until generated. */
  transcript_id: z.string().nullable(),
  responses_id: z.string().nullable(),
  analysis_id: z.string().nullable(),
  links: runLinksSchema,
  analysis: z
    .object({
      model: z.string().nullable(),
      generated_at: z.string().nullable(),
      summary: z.string().nullable(),
      theme_count: z.number().int().optional(),
      quote_count: z.number().int().optional(),
    })
    .optional(),
});
export type RunEventData = z.infer<typeof runEventDataSchema>;

export const eventEnvelopeSchema = z.object({
  type: webhookEventTypeSchema,
  /** ISO 8601 time the event happened. */
  timestamp: z.string(),
  data: runEventDataSchema,
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** `{type, timestamp, data}` for account endpoints. */
export function buildEventEnvelope(
  type: WebhookEventType,
  runInput: RunSummaryInput,
  ctx: PayloadContext,
  analysisInput?: AnalysisSummaryInput,
): EventEnvelope {
  const run = runSummaryInputSchema.parse(runInput);
  const data: RunEventData = {
    id: run.id,
    object: 'interview_run',
    status: run.status,
    previous_status: run.previous_status ?? null,
    blueprint_id: run.blueprint_id ?? null,
    blueprint_version: run.blueprint_version ?? null,
    agent_id: run.agent_id ?? null,
    channel: run.channel ?? null,
    test_mode: run.test_mode ?? false,
    participant: participantOf(run),
    metadata: run.metadata ?? {},
    started_at: run.started_at ?? null,
    ended_at: run.ended_at ?? null,
    completed_at: run.completed_at ?? null,
    end_reason: run.end_reason ?? null,
    failure_reason: run.failure_reason ?? null,
    audio_url: run.audio_url ?? null,
    transcript_id: run.transcript_id ?? null,
    responses_id: run.responses_id ?? null,
    analysis_id: run.analysis_id ?? null,
    links: runLinks(ctx.publicUrl, run.id),
  };
  if (analysisInput) {
    const a = analysisSummaryInputSchema.parse(analysisInput);
    data.analysis = {
      model: a.model ?? null,
      generated_at: a.generated_at ?? null,
      summary: a.summary ?? null,
      ...(a.theme_count !== undefined ? { theme_count: a.theme_count } : {}),
      ...(a.quote_count !== undefined ? { quote_count: a.quote_count } : {}),
    };
  }
  return { type, timestamp: new Date(ctx.now).toISOString(), data };
}

export const accountEndpointSchema = z.object({
  id: z.string().min(1),
  url: z.string().min(1),
  secret: z.string().min(1),
  enabled: z.boolean(),
  /** Subscribed event types; empty means every type. */
  event_types: z.array(webhookEventTypeSchema),
});
export type AccountEndpoint = z.infer<typeof accountEndpointSchema>;
