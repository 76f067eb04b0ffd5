import { z } from '@hono/zod-openapi';
import { analysisResultSchema, transcriptEntrySchema } from '../../analysis/types.js';
import { progressSchema } from '../../engine/types.js';
import { responsesSchema } from '../../analysis/responses/types.js';
import { agentSchema } from './agents.js';
import { channelSettingsSchema } from './audio.js';
import { blueprintVersionSchema } from './blueprints.js';
import {
  EMAIL_ADDRESS,
  EMAIL_MAX,
  HTTP_URL_PATTERN,
  isoTime,
  metadataSchema,
  paginationQuery,
  NOT_BLANK,
} from './common.js';
import { runStatusSchema } from './run-status.js';
import { documentIdsShape } from './document-ids.js';

export const EXPANDABLE = ['blueprint', 'agent', 'transcript', 'responses', 'analysis'] as const;

export const participantInSchema = z.strictObject({
  external_id: z.string().max(200).optional(),
  name: z.string().max(200).trim().min(1).openapi({ pattern: NOT_BLANK }),
  /** Checked by the store (400 INVALID_EMAIL), so the error names the problem. */
  email: z
    .string()
    .max(320)
    .optional()
    .openapi({ format: 'email', pattern: EMAIL_ADDRESS.source, maxLength: EMAIL_MAX }),
  metadata: metadataSchema.optional(),
});

export const notificationSchema = z
  .strictObject({
    endpoint: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .openapi({
        pattern: HTTP_URL_PATTERN,
        description:
          'http(s), no credentials. The host must resolve, and only to public addresses (unless the store sets PARLEY_WEBHOOK_ALLOW_PRIVATE): else 400 INVALID_WEBHOOK_URL with details.reason.',
      }),
    attributes: z
      .strictObject({
        method: z.enum(['POST', 'PUT']).optional(),
        headers: z
          .record(z.string().max(200), z.string().max(2000))
          .optional()
          .openapi({
            description:
              'Custom headers sent with each notification (e.g. credentials). Write-only: values are sealed at rest ' +
              '(AES-256-GCM, key from PARLEY_SECRETS_KEY or the agent secret) and every response shows them as "[redacted]".',
          }),
      })
      .default({}),
  })
  .openapi('RunNotification');

const datetime = z.iso.datetime({ offset: true });

export const inviteBody = z
  .strictObject({
    email: z.literal(true),
    /** Your own words, put before the link in the email. */
    message: z.string().max(2000).trim().min(1).openapi({ pattern: NOT_BLANK }).optional(),
  })
  .openapi('RunInvite');
export const resendInviteBody = z
  .strictObject({ message: z.string().max(2000).trim().min(1).openapi({ pattern: NOT_BLANK }).optional() })
  .openapi('ResendInvite');

// OpenAPI 3.1 keywords the generator's (3.0-shaped) metadata type does not list; it copies them through.
const externalRefsDoc = {
  description: 'String map of references into your own systems, e.g. {"job_id": "J-42"}.',
  propertyNames: { pattern: '^[A-Za-z0-9_.-]{1,64}$' },
  maxProperties: 20,
};

/** References into the caller's own systems (job, campaign, stage, deal…): filter with `external_refs[key]=value`. */
export const externalRefsSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'keys: 1–64 letters, digits, _ . -'),
    z.string().min(1).max(500),
  )
  .refine((r) => Object.keys(r).length <= 20, 'at most 20 references')
  .openapi(externalRefsDoc);

export const createRunBody = z
  .strictObject({
    /** A name for the run, shown in lists and searchable. */
    title: z.string().max(200).trim().min(1).openapi({ pattern: NOT_BLANK }).optional(),
    external_refs: externalRefsSchema.default({}),
    blueprint_id: z.string().min(1).max(100),
    /** Pin an older published version; defaults to the latest published one. */
    blueprint_version: z.number().int().min(1).max(1_000_000).optional(),
    agent_id: z.string().min(1).max(100).optional(),
    channel: z.enum(['webrtc', 'sip']).default('webrtc'),
    /** `{recording: true}` records the conversation; fetch it with `GET /v1/interview-runs/:id/audio`. */
    channel_settings: channelSettingsSchema.default({ recording: false }),
    participant: participantInSchema,
    variables: z.record(z.string().max(64), z.string().max(10_000)).default({}),
    notifications: z.array(notificationSchema).max(10).default([]),
    scheduled_at: datetime.optional(),
    expires_at: datetime.optional(),
    metadata: metadataSchema.default({}),
    /** Send the participant the invitation by email (needs participant.email and the store's SMTP settings). */
    invite: inviteBody.optional(),
  })
  .openapi('CreateInterviewRun');
export type CreateRunBody = z.infer<typeof createRunBody>;

export const updateRunBody = z
  .strictObject({
    scheduled_at: datetime.nullable().optional(),
    expires_at: datetime.nullable().optional(),
    metadata: metadataSchema.optional(),
    title: z.string().max(200).trim().min(1).openapi({ pattern: NOT_BLANK }).nullable().optional(),
    external_refs: externalRefsSchema.optional(),
  })
  .openapi('UpdateInterviewRun');
export type UpdateRunBody = z.infer<typeof updateRunBody>;

const expandParam = z
  .union([z.enum(EXPANDABLE), z.array(z.enum(EXPANDABLE))])
  .optional()
  .openapi({ description: 'Related objects to include: blueprint, agent, transcript, responses, analysis.' });

export const getRunQuery = z.object({ 'expand[]': expandParam, expand: expandParam });

export const listRunsQuery = z.object({
  ...paginationQuery,
  status: runStatusSchema.optional(),
  blueprint_id: z.string().max(100).optional(),
  search: z.string().max(200).trim().min(1).optional().openapi({
    pattern: NOT_BLANK,
    description: "Matches the participant's name, the blueprint's name or the run's title.",
  }),
  external_refs: z
    .record(z.string(), z.string())
    .optional()
    .openapi({
      description: 'Runs whose external_refs contain all of these, as external_refs[key]=value.',
      param: { style: 'deepObject', explode: true },
    }),
  'expand[]': expandParam,
  expand: expandParam,
});

export const sessionSchema = z.object({
  id: z.string(),
  started_at: isoTime,
  ended_at: isoTime.nullable(),
  participant_identity: z.string().nullable(),
});

export const transcriptSchema = z
  .object({
    object: z.literal('transcript'),
    run_id: z.string(),
    status: z.enum(['pending', 'in_progress', 'completed']),
    entries: z.array(transcriptEntrySchema),
    word_count: z.number().int(),
    duration_s: z.number(),
    language: z.string(),
  })
  .openapi('Transcript');
export type TranscriptDto = z.infer<typeof transcriptSchema>;

export const responsesOutSchema = z
  .object({
    id: z.string(),
    object: z.literal('responses'),
    run_id: z.string(),
    status: z.enum(['pending', 'completed', 'failed', 'skipped']),
    items: responsesSchema.shape.items,
    path_taken: responsesSchema.shape.path_taken,
    completion_rate: responsesSchema.shape.completion_rate,
    error: z.string().nullable(),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('Responses');
export type ResponsesDto = z.infer<typeof responsesOutSchema>;

export const analysisOutSchema = z
  .object({
    id: z.string(),
    object: z.literal('analysis'),
    run_id: z.string(),
    status: z.enum(['pending', 'completed', 'failed', 'skipped']),
    model: z.string().nullable(),
    results: analysisResultSchema.nullable(),
    error: z.string().nullable(),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('Analysis');
export type AnalysisDto = z.infer<typeof analysisOutSchema>;

export const runSchema = z
  .object({
    id: z.string(),
    object: z.literal('interview_run'),
    organization_id: z.string(),
    test_mode: z.boolean(),
    blueprint_id: z.string(),
    blueprint_version: z.number().int(),
    agent_id: z.string().nullable(),
    channel: z.enum(['webrtc', 'sip']),
    channel_settings: channelSettingsSchema,
    dial_in_pin: z.string().nullable(),
    status: runStatusSchema,
    consent_status: z.enum(['not_required', 'pending', 'given', 'refused']),
    participant: z.object({
      external_id: z.string().nullable(),
      name: z.string(),
      email: z.string().nullable(),
      metadata: metadataSchema,
    }),
    variables: z.record(z.string(), z.string()),
    notifications: z.array(notificationSchema),
    room: z.string(),
    title: z.string().nullable(),
    external_refs: z.record(z.string(), z.string()),
    join_url: z.string().nullable(),
    invited_at: isoTime.nullable(),
    email_sent_at: isoTime.nullable(),
    join_token: z.string().nullable().openapi({
      description:
        "The participant's LiveKit access token. Returned by create and by GET of one run; always null in lists.",
    }),
    expires_at: isoTime.nullable(),
    scheduled_at: isoTime.nullable(),
    progress: progressSchema,
    current_session_id: z.string().nullable(),
    session_count: z.number().int(),
    sessions: z.array(sessionSchema),
    started_at: isoTime.nullable(),
    ended_at: isoTime.nullable(),
    completed_at: isoTime.nullable(),
    end_reason: z.string().nullable(),
    audio_url: z.string().nullable(),
    ...documentIdsShape,
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
    last_event_at: isoTime.nullable(),
    metadata: metadataSchema,
    created_at: isoTime,
    updated_at: isoTime,
    blueprint: blueprintVersionSchema.optional(),
    agent: agentSchema.nullable().optional(),
    transcript: transcriptSchema.optional(),
    responses: responsesOutSchema.nullable().optional(),
    analysis: analysisOutSchema.nullable().optional(),
  })
  .openapi('InterviewRun');
export type RunDto = z.infer<typeof runSchema>;

export const transcriptQuery = z.object({ format: z.enum(['json', 'markdown', 'text']).default('json') });

export const rerunAnalysisBody = z
  .strictObject({
    assessment: z
      .strictObject({ provider: z.enum(['openai', 'anthropic']), model: z.string().min(1).max(100) })
      .optional(),
  })
  .openapi('RerunAnalysis');

export const statsSchema = z
  .object({
    object: z.literal('stats'),
    by_status: z.record(z.string(), z.number().int()),
    abandoned: z.number().int(),
    total: z.number().int(),
  })
  .openapi('Stats');
