import { randomBytes } from 'node:crypto';
import type { JsonValue, NewDelivery, WebhookEventType } from '../types.js';
import { buildEventEnvelope, type AccountEndpoint } from './envelope.js';
import {
  buildRunNotificationPayload,
  RUN_NOTIFICATION_EVENTS,
  type RunNotification,
} from './notification.js';
import {
  runSummaryInputSchema,
  type AnalysisSummaryInput,
  type PayloadContext,
  type RunSummaryInput,
} from './run-summary.js';

/** The outbox rows of one event, one per target, each with its own message id. */

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
