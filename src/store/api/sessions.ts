import { z } from '@hono/zod-openapi';
import { isoTime } from './common.js';

/** `GET /v1/interview-runs/:id/sessions`: each connection of a run, its transcript range and its recording. */

export const sessionTranscriptRangeSchema = z
  .object({
    entry_count: z.number().int(),
    first_turn_number: z.number().int().nullable(),
    last_turn_number: z.number().int().nullable(),
    first_entry_id: z.string().nullable(),
    last_entry_id: z.string().nullable(),
  })
  .openapi('SessionTranscriptRange', {
    description: 'The transcript entries spoken in this session (null numbers and ids: none yet).',
  });

export const sessionRecordingSchema = z
  .object({
    /** Download link (a signed store URL, or a presigned S3 URL), valid for one hour. */
    url: z.string(),
    expires_at: isoTime,
    content_type: z.string(),
    bytes: z.number().int(),
    duration_ms: z.number().int().nullable(),
    sample_rate: z.number().int().nullable(),
    /** Wall-clock time of the recording's first sample (the session's start). */
    timeline_started_at: isoTime,
    /** `timeline_started_at` minus the run's `started_at`, ms: entry.offset_ms - offset_ms is the time in this file. */
    offset_ms: z.number().int(),
  })
  .openapi('SessionRecording');

export const runSessionSchema = z
  .object({
    id: z.string(),
    object: z.literal('session'),
    run_id: z.string(),
    /** 1 for the first connection, 2 for the first resume, … */
    index: z.number().int(),
    channel: z.string().nullable(),
    participant_identity: z.string().nullable(),
    started_at: isoTime,
    /** When the next session started or the run was finalized (null: still connected). */
    ended_at: isoTime.nullable(),
    transcript: sessionTranscriptRangeSchema,
    /** Null when this session was not recorded (or its recording is not uploaded yet). */
    recording: sessionRecordingSchema.nullable(),
  })
  .openapi('RunSession');
export type RunSessionDto = z.infer<typeof runSessionSchema>;

export const runSessionsSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(runSessionSchema),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
  })
  .openapi('RunSessions');
export type RunSessionsDto = z.infer<typeof runSessionsSchema>;
