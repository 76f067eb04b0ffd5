import { z } from 'zod';
import {
  jsonValueSchema,
  webhookEventTypeSchema,
  webhookHeadersSchema,
  webhookMethodSchema,
  type WebhookEventType,
} from '../types.js';
import {
  participantOf,
  runLinks,
  runSummaryInputSchema,
  type PayloadContext,
  type RunSummaryInput,
} from './run-summary.js';

/**
 * Per-run notifications (a run's `notifications`, seed 000): `{interviewId, success, completedAt,
 * transcriptionUrl, audioUrl, …}` when the run ends (`interview_run.completed` / `interview_run.failed`).
 */

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
