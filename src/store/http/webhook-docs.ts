import type { OpenAPIHono } from '@hono/zod-openapi';
import { eventEnvelopeSchema } from '../webhooks/payloads/envelope.js';
import { RUN_NOTIFICATION_EVENTS, runNotificationPayloadSchema } from '../webhooks/payloads/notification.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhooks/types.js';
import type { AppEnv } from './auth.js';

const WHEN: Record<WebhookEventType, string> = {
  'interview_run.completed': 'the run finished and its responses and analysis were built',
  'interview_run.failed': 'the run ended with an error, or building its results failed',
  'interview_run.cancelled': 'the run was cancelled through the API',
  'interview_run.expired': 'expires_at passed before the participant joined (or while the run was abandoned)',
  'interview_run.abandoned':
    'a participant in the conversation was idle for PARLEY_ABANDON_AFTER_S; the run can be resumed until it expires',
  'interview_run.status_changed': 'any status change (data.status and data.previous_status)',
  'analysis.completed': 'the analyzer produced a result (data.analysis)',
  'analysis.failed': 'the analyzer ran and failed; GET the analysis for its error',
};

const SIGNED =
  'Signed per Standard Webhooks: headers webhook-id, webhook-timestamp, webhook-signature (v1,<HMAC-SHA256 base64>).';

/** The `webhooks` section of the OpenAPI 3.1 document: every event Parley sends, with its payload. */
export function registerWebhookDocs(app: OpenAPIHono<AppEnv>): void {
  for (const type of WEBHOOK_EVENT_TYPES) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      summary: `${type} (account webhook endpoints)`,
      description: `Sent to each enabled endpoint subscribed to ${type} when ${WHEN[type]}. ${SIGNED}`,
      tags: ['Webhooks'],
      request: { body: { content: { 'application/json': { schema: eventEnvelopeSchema } } } },
      responses: {
        200: { description: 'Any 2xx acknowledges; other answers are retried with backoff (410 stops).' },
      },
    });
  }
  app.openAPIRegistry.registerWebhook({
    method: 'post',
    path: 'run-notification',
    summary: "A run's own notification (notifications[].endpoint)",
    description: `Sent with the run's method and custom headers when ${RUN_NOTIFICATION_EVENTS.join(' or ')} happens. ${SIGNED}`,
    tags: ['Webhooks'],
    request: { body: { content: { 'application/json': { schema: runNotificationPayloadSchema } } } },
    responses: { 200: { description: 'Any 2xx acknowledges.' } },
  });
}
