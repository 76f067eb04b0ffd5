import { bigint, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { stamps, ts } from './columns.js';

/**
 * The recording of one session of a run (a resumed run has several). The audio lives in the media store
 * under `storageKey`; `timelineStartedAt` is the wall-clock instant of its first sample (the session start).
 */
export const sessionRecordings = pgTable(
  'session_recordings',
  {
    sessionId: text('session_id').primaryKey(),
    runId: text('run_id').notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    durationMs: integer('duration_ms'),
    sampleRate: integer('sample_rate'),
    timelineStartedAt: ts('timeline_started_at').notNull(),
    ...stamps(),
  },
  (t) => [index('session_recordings_run_idx').on(t.runId)],
);
