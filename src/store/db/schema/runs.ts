import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  boolean,
} from 'drizzle-orm/pg-core';
import type { EngineState, Progress } from '../../../engine/types.js';
import { owned, stamps, ts } from './columns.js';

export type RunParticipant = {
  name: string;
  external_id?: string | undefined;
  email?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
};
export type RunNotification = {
  endpoint: string;
  attributes: { method?: 'POST' | 'PUT' | undefined; headers?: Record<string, string> | undefined };
};

export type RunChannelSettings = { recording: boolean };

/**
 * Statuses in which a run's dial-in PIN is live (unique among these): the open ones (api/run-status.ts
 * OPEN_STATUSES), abandoned runs included since they can be resumed by phone.
 */
export const LIVE_STATUSES = [
  'scheduled',
  'awaiting_participant',
  'invited',
  'awaiting_consent',
  'active',
  'abandoned',
] as const;

export const interviewRuns = pgTable(
  'interview_runs',
  {
    id: text('id').primaryKey(),
    ...owned(),
    blueprintId: text('blueprint_id').notNull(),
    blueprintVersion: integer('blueprint_version').notNull(),
    /** Denormalised for search. */
    blueprintName: text('blueprint_name').notNull(),
    agentId: text('agent_id'),
    channel: text('channel').notNull(),
    /** Per-run channel settings (`{recording}`: record the conversation and upload it at finalize). */
    channelSettings: jsonb('channel_settings')
      .$type<RunChannelSettings>()
      .notNull()
      .default(sql`'{"recording":false}'::jsonb`),
    dialInPin: text('dial_in_pin'),
    status: text('status').notNull(),
    consentStatus: text('consent_status').notNull(),
    participant: jsonb('participant').$type<RunParticipant>().notNull(),
    participantName: text('participant_name').notNull(),
    variables: jsonb('variables').$type<Record<string, string>>().notNull(),
    notifications: jsonb('notifications').$type<RunNotification[]>().notNull(),
    room: text('room').notNull(),
    joinUrl: text('join_url'),
    joinToken: text('join_token'),
    progress: jsonb('progress').$type<Progress>().notNull(),
    engineState: jsonb('engine_state').$type<EngineState>(),
    currentSessionId: text('current_session_id'),
    sessionCount: integer('session_count').notNull().default(0),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    lastEventAt: ts('last_event_at'),
    scheduledAt: ts('scheduled_at'),
    expiresAt: ts('expires_at'),
    startedAt: ts('started_at'),
    endedAt: ts('ended_at'),
    completedAt: ts('completed_at'),
    endReason: text('end_reason'),
    audioUrl: text('audio_url'),
    /** An invitation email was requested (create with `invite.email`, or `POST …/invite`). */
    invitedAt: ts('invited_at'),
    /** The last invitation email was accepted by the SMTP server. */
    emailSentAt: ts('email_sent_at'),
    generateReport: boolean('generate_report'),
    failure: jsonb('failure').$type<{ code: string; message: string }>(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
    title: text('title'),
    externalRefs: jsonb('external_refs')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    deletedAt: ts('deleted_at'),
    ...stamps(),
  },
  (t) => [
    index('runs_org_idx').on(t.organizationId, t.testMode, t.createdAt, t.id),
    index('runs_external_refs_idx').using('gin', t.externalRefs),
    uniqueIndex('runs_live_pin_idx')
      .on(t.dialInPin)
      .where(
        sql`dial_in_pin is not null and deleted_at is null and status in ('scheduled', 'awaiting_participant', 'invited', 'awaiting_consent', 'active', 'abandoned')`,
      ),
  ],
);

export const runSessions = pgTable(
  'run_sessions',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    participantIdentity: text('participant_identity'),
    channel: text('channel'),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [index('run_sessions_run_idx').on(t.runId, t.startedAt)],
);

export const transcriptEntries = pgTable(
  'transcript_entries',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    turnNumber: integer('turn_number').notNull(),
    role: text('role').notNull(),
    content: text('content').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at').notNull(),
    sessionId: text('session_id'),
    nodeId: text('node_id'),
    questionKey: text('question_key'),
    entryType: text('entry_type').notNull(),
    confidence: real('confidence'),
    isPendingQuestion: boolean('is_pending_question').notNull().default(false),
    evaluation: jsonb('evaluation').$type<Record<string, unknown>>(),
    audioUrl: text('audio_url'),
    /** SHA-256 of the canonical body of the original POST (idempotency). */
    bodyHash: text('body_hash').notNull(),
    ...stamps(),
  },
  (t) => [uniqueIndex('transcript_run_turn_idx').on(t.runId, t.turnNumber)],
);

export const runEvents = pgTable(
  'run_events',
  {
    runId: text('run_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** The worker's id of the event it came from (retries are recognised by it). */
    clientEventId: text('client_event_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.seq] }),
    uniqueIndex('run_events_client_id_idx')
      .on(t.runId, t.clientEventId)
      .where(sql`client_event_id is not null`),
  ],
);

/** Responses and analysis: one row per run and kind ('responses' | 'analysis'). */
export const runResults = pgTable(
  'run_results',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    ...owned(),
    kind: text('kind').notNull(),
    /** pending | completed | failed | skipped */
    status: text('status').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    model: text('model'),
    error: text('error'),
    ...stamps(),
  },
  (t) => [uniqueIndex('run_results_run_kind_idx').on(t.runId, t.kind)],
);
