import { bigint, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { stamps, ts } from './columns.js';

/**
 * A run's conversation recording (one per run: the session in which the interview ended). The audio lives
 * in the media store under `storageKey`; `timelineStartedAt` is the wall-clock instant of the recording's
 * first sample (the start of the session it covers, which is the run's `started_at` for a first session).
 */
export const runRecordings = pgTable(
  'run_recordings',
  {
    runId: text('run_id').primaryKey(),
    sessionId: text('session_id'),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    durationMs: integer('duration_ms'),
    channels: integer('channels'),
    sampleRate: integer('sample_rate'),
    timelineStartedAt: ts('timeline_started_at').notNull(),
    ...stamps(),
  },
  (t) => [index('run_recordings_created_idx').on(t.createdAt)],
);
