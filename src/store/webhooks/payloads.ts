import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  jsonValueSchema,
  webhookEventTypeSchema,
  webhookHeadersSchema,
  webhookMethodSchema,
  type JsonValue,
  type NewDelivery,
  type WebhookEventType,
} from './types.js';

/**
 * Pure builders for webhook payloads and for the outbox rows of one event. Two kinds of target:
 * - account endpoints (`webhook-endpoints`): the envelope `{type, timestamp, data}` for every subscribed
 *   event type;
 * - per-run notifications (a run's `notifications`, seed 000): `{interviewId, success, completedAt,
 *   transcriptionUrl, audioUrl, …}` when the run ends (`interview_run.completed` / `interview_run.failed`).
 */

/** What the store knows about a run at event time (plain object; extra keys are ignored). */
export const runSummaryInputSchema = z.object({
  id: z.string().min(1),
  organization_id: z.string().min(1),
  status: z.string().min(1),
  blueprint_id: z.string().nullable().optional(),
  blueprint_version: z.number().int().nullable().optional(),
  agent_id: z.string().nullable().optional(),
  channel: z.string().nullable().optional(),
  test_mode: z.boolean().optional(),
  participant: z
    .object({
      external_id: z.string().nullable().optional(),
      name: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  metadata: z.record(z.string(), jsonValueSchema).nullable().optional(),
  previous_status: z.string().nullable().optional(),
  started_at: z.string().nullable().optional(),
  ended_at: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
  end_reason: z.string().nullable().optional(),
  failure_reason: z.string().nullable().optional(),
  audio_url: z.string().nullable().optional(),
});
export type RunSummaryInput = z.input<typeof runSummaryInputSchema>;

export const analysisSummaryInputSchema = z.object({
  model: z.string().nullable().optional(),
  generated_at: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
  theme_count: z.number().int().nonnegative().optional(),
  quote_count: z.number().int().nonnegative().optional(),
});
export type AnalysisSummaryInput = z.input<typeof analysisSummaryInputSchema>;

export const runLinksSchema = z.object({
  run: z.string(),
  transcript: z.string(),
  responses: z.string(),
  analysis: z.string(),
});
export type RunLinks = z.infer<typeof runLinksSchema>;

/** API URLs of a run under `publicUrl` (e.g. PARLEY_PUBLIC_URL). */
export function runLinks(publicUrl: string, runId: string): RunLinks {
  const base = `${publicUrl.replace(/\/+$/, '')}/v1/interview-runs/${encodeURIComponent(runId)}`;
  return {
    run: base,
    transcript: `${base}/transcript`,
    responses: `${base}/responses`,
    analysis: `${base}/analysis`,
  };
}

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

export const runNotificationPayloadSchema = z.object({
  event: webhookEventTypeSchema,
  interviewId: z.string(),
  runId: z.string(),
  success: z.boolean(),
  status: z.string(),
  completedAt: z.string(),
  transcriptionUrl: z.string(),
  audioUrl: z.string().nullable(),
  responsesUrl: z.string(),
  analysisUrl: z.string(),
  participant: z.object({ external_id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  metadata: z.record(z.string(), jsonValueSchema),
});
export type RunNotificationPayload = z.infer<typeof runNotificationPayloadSchema>;

export interface PayloadContext {
  /** Base URL of the store for links (PARLEY_PUBLIC_URL). */
  publicUrl: string;
  /** Event time (ms). */
  now: number;
}

function participantOf(run: z.infer<typeof runSummaryInputSchema>): RunEventData['participant'] {
  if (!run.participant) return null;
  return { external_id: run.participant.external_id ?? null, name: run.participant.name ?? null };
}

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

/** The per-run notification body (seed 000 field names, plus Parley's own). */
export function buildRunNotificationPayload(
  type: WebhookEventType,
  runInput: RunSummaryInput,
  ctx: PayloadContext,
): RunNotificationPayload {
  const run = runSummaryInputSchema.parse(runInput);
  const links = runLinks(ctx.publicUrl, run.id);
  return {
    event: type,
    interviewId: run.id,
    runId: run.id,
    success: type !== 'interview_run.failed' && run.status === 'completed',
    status: run.status,
    completedAt: run.completed_at ?? run.ended_at ?? new Date(ctx.now).toISOString(),
    transcriptionUrl: links.transcript,
    audioUrl: run.audio_url ?? null,
    responsesUrl: links.responses,
    analysisUrl: links.analysis,
    participant: participantOf(run),
    metadata: run.metadata ?? {},
  };
}

/** Event types a per-run notification fires for (the seed: "when the interview completes"). */
export const RUN_NOTIFICATION_EVENTS: readonly WebhookEventType[] = [
  'interview_run.completed',
  'interview_run.failed',
];

export const accountEndpointSchema = z.object({
  id: z.string().min(1),
  url: z.string().min(1),
  secret: z.string().min(1),
  enabled: z.boolean(),
  /** Subscribed event types; empty means every type. */
  event_types: z.array(webhookEventTypeSchema),
});
export type AccountEndpoint = z.infer<typeof accountEndpointSchema>;

export const runNotificationSchema = z.object({
  endpoint: z.string().min(1),
  attributes: z
    .object({
      method: webhookMethodSchema.optional(),
      headers: webhookHeadersSchema.optional(),
    })
    .optional(),
});
export type RunNotification = z.infer<typeof runNotificationSchema>;

/** A JSON-safe copy (drops undefined properties), as stored in the outbox. */
export function toJsonValue(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** `msg_` + 24 url-safe random characters. */
export function newMessageId(source: (size: number) => Uint8Array = randomBytes): string {
  return `msg_${Buffer.from(source(18)).toString('base64url')}`;
}

export interface PlanInput {
  type: WebhookEventType;
  run: RunSummaryInput;
  analysis?: AnalysisSummaryInput;
  /** The organisation's account endpoints (disabled and unsubscribed ones are skipped). */
  endpoints: AccountEndpoint[];
  /** The run's `notifications`. */
  notifications: RunNotification[];
  /** Secret that signs per-run notifications (PARLEY_WEBHOOK_SECRET). Without it none are sent. */
  notificationSecret: string | null;
  publicUrl: string;
  now: number;
  randomBytes?: (size: number) => Uint8Array;
}

/** Outbox rows for one event: one per subscribed enabled endpoint, plus one per run notification. */
export function planDeliveries(input: PlanInput): NewDelivery[] {
  const ctx: PayloadContext = { publicUrl: input.publicUrl, now: input.now };
  const run = runSummaryInputSchema.parse(input.run);
  const out: NewDelivery[] = [];
  const targets = input.endpoints.filter(
    (e) => e.enabled && (e.event_types.length === 0 || e.event_types.includes(input.type)),
  );
  if (targets.length > 0) {
    const envelope = buildEventEnvelope(input.type, input.run, ctx, input.analysis);
    for (const e of targets) {
      out.push({
        organization_id: run.organization_id,
        endpoint_id: e.id,
        run_id: run.id,
        event_type: input.type,
        message_id: newMessageId(input.randomBytes),
        url: e.url,
        method: 'POST',
        headers: {},
        payload: toJsonValue(envelope),
        secret: e.secret,
        next_attempt_at: input.now,
        created_at: input.now,
      });
    }
  }
  if (
    input.notificationSecret &&
    RUN_NOTIFICATION_EVENTS.includes(input.type) &&
    input.notifications.length > 0
  ) {
    const body = buildRunNotificationPayload(input.type, input.run, ctx);
    for (const n of input.notifications) {
      out.push({
        organization_id: run.organization_id,
        endpoint_id: null,
        run_id: run.id,
        event_type: input.type,
        message_id: newMessageId(input.randomBytes),
        url: n.endpoint,
        method: n.attributes?.method ?? 'POST',
        headers: n.attributes?.headers ?? {},
        payload: toJsonValue(body),
        secret: input.notificationSecret,
        next_attempt_at: input.now,
        created_at: input.now,
      });
    }
  }
  return out;
}
