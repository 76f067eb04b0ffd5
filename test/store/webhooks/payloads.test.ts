import { describe, expect, it } from 'vitest';
import {
  buildEventEnvelope,
  buildRunNotificationPayload,
  eventEnvelopeSchema,
  newMessageId,
  planDeliveries,
  runNotificationPayloadSchema,
  type RunSummaryInput,
} from '../../../src/store/webhooks/payloads.js';
import { newDeliverySchema, webhookMessageIdSchema } from '../../../src/store/webhooks/types.js';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const ctx = { publicUrl: 'https://parley.example.com/', now: NOW };
const run: RunSummaryInput = {
  id: 'run_123',
  organization_id: 'org_1',
  status: 'completed',
  blueprint_id: 'bp_1',
  blueprint_version: 3,
  agent_id: null,
  channel: 'webrtc',
  participant: { external_id: 'cand-9', name: 'Dana' },
  metadata: { crm_id: 'x1' },
  started_at: '2025-03-01T11:30:00.000Z',
  ended_at: '2025-03-01T11:55:00.000Z',
  completed_at: '2025-03-01T11:58:00.000Z',
  audio_url: 'https://cdn.example.com/a.ogg',
};
const SECRET = 'whsec_' + Buffer.alloc(32, 1).toString('base64');

describe('payload builders', () => {
  it('builds the account envelope {type, timestamp, data}', () => {
    const e = buildEventEnvelope('interview_run.completed', run, ctx);
    expect(eventEnvelopeSchema.parse(e)).toEqual(e);
    expect(e.type).toBe('interview_run.completed');
    expect(e.timestamp).toBe('2025-03-01T12:00:00.000Z');
    expect(e.data).toMatchObject({
      id: 'run_123',
      object: 'interview_run',
      status: 'completed',
      blueprint_version: 3,
      test_mode: false,
      participant: { external_id: 'cand-9', name: 'Dana' },
      links: {
        run: 'https://parley.example.com/v1/interview-runs/run_123',
        transcript: 'https://parley.example.com/v1/interview-runs/run_123/transcript',
      },
    });
    expect(e.data.analysis).toBeUndefined();
  });

  it('adds an analysis summary for analysis.completed', () => {
    const e = buildEventEnvelope('analysis.completed', run, ctx, { model: 'offline', theme_count: 4 });
    expect(e.data.analysis).toEqual({ model: 'offline', generated_at: null, summary: null, theme_count: 4 });
  });

  it('builds the per-run notification with the seed field names', () => {
    const p = buildRunNotificationPayload('interview_run.completed', run, ctx);
    expect(runNotificationPayloadSchema.parse(p)).toEqual(p);
    expect(p).toMatchObject({
      interviewId: 'run_123',
      success: true,
      completedAt: '2025-03-01T11:58:00.000Z',
      transcriptionUrl: 'https://parley.example.com/v1/interview-runs/run_123/transcript',
      audioUrl: 'https://cdn.example.com/a.ogg',
    });
    const failed = buildRunNotificationPayload(
      'interview_run.failed',
      { ...run, status: 'failed', completed_at: null, audio_url: null },
      ctx,
    );
    expect(failed).toMatchObject({ success: false, completedAt: '2025-03-01T11:55:00.000Z', audioUrl: null });
  });

  it('rejects a run without id', () => {
    expect(() => buildEventEnvelope('interview_run.completed', { ...run, id: '' }, ctx)).toThrow();
  });
});

describe('planDeliveries', () => {
  const endpoints = [
    { id: 'we_all', url: 'https://a.example.com/h', secret: SECRET, enabled: true, event_types: [] },
    {
      id: 'we_analysis',
      url: 'https://b.example.com/h',
      secret: SECRET,
      enabled: true,
      event_types: ['analysis.completed' as const],
    },
    { id: 'we_off', url: 'https://c.example.com/h', secret: SECRET, enabled: false, event_types: [] },
  ];
  const notifications = [
    {
      endpoint: 'https://n.example.com/done',
      attributes: { method: 'PUT' as const, headers: { 'X-Key': 'k' } },
    },
    { endpoint: 'https://m.example.com/done' },
  ];

  it('targets subscribed enabled endpoints and run notifications on completion', () => {
    const rows = planDeliveries({
      type: 'interview_run.completed',
      run,
      endpoints,
      notifications,
      notificationSecret: SECRET,
      publicUrl: ctx.publicUrl,
      now: NOW,
    });
    expect(rows.map((r) => [r.endpoint_id, r.url, r.method])).toEqual([
      ['we_all', 'https://a.example.com/h', 'POST'],
      [null, 'https://n.example.com/done', 'PUT'],
      [null, 'https://m.example.com/done', 'POST'],
    ]);
    for (const r of rows) {
      expect(newDeliverySchema.parse(r)).toEqual(r);
      expect(webhookMessageIdSchema.safeParse(r.message_id).success).toBe(true);
    }
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(3);
    expect(rows[1]!.headers).toEqual({ 'X-Key': 'k' });
    expect((rows[1]!.payload as { interviewId: string }).interviewId).toBe('run_123');
    expect((rows[0]!.payload as { type: string }).type).toBe('interview_run.completed');
  });

  it('sends run notifications only for run end events and only with a secret', () => {
    const base = { run, endpoints, notifications, publicUrl: ctx.publicUrl, now: NOW };
    expect(
      planDeliveries({ ...base, type: 'analysis.completed', notificationSecret: SECRET }).map(
        (r) => r.endpoint_id,
      ),
    ).toEqual(['we_all', 'we_analysis']);
    expect(
      planDeliveries({ ...base, type: 'interview_run.completed', notificationSecret: null }).map(
        (r) => r.endpoint_id,
      ),
    ).toEqual(['we_all']);
  });

  it('message ids come from the injected random source', () => {
    expect(newMessageId((n) => new Uint8Array(n))).toBe('msg_AAAAAAAAAAAAAAAAAAAAAAAA');
  });
});
