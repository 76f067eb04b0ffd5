/**
 * Pure builders for webhook payloads and for the outbox rows of one event, in payloads/. Two kinds of
 * target:
 * - account endpoints (`webhook-endpoints`): the envelope `{type, timestamp, data}` for every subscribed
 *   event type (payloads/envelope.ts);
 * - per-run notifications (a run's `notifications`, seed 000): `{interviewId, success, completedAt,
 *   transcriptionUrl, audioUrl, …}` when the run ends (`interview_run.completed` / `interview_run.failed`)
 *   (payloads/notification.ts).
 * Both are built from the run summary (payloads/run-summary.ts); payloads/plan.ts turns one event into
 * outbox rows.
 */

export type { RunSummaryInput, AnalysisSummaryInput } from './payloads/run-summary.js';
export { eventEnvelopeSchema, buildEventEnvelope } from './payloads/envelope.js';
export { runNotificationPayloadSchema, buildRunNotificationPayload } from './payloads/notification.js';
export { newMessageId, planDeliveries } from './payloads/plan.js';
