import { z } from '@hono/zod-openapi';
import { isoTime } from '../common.js';

/** Recording, agent side: `GET /internal/runs/:id/recording` and the upload (`PUT`, reply `recordingSchema`). */

/** Does the run want a recording, and where does its timeline start? */
export const recordingWantedSchema = z
  .object({
    recording: z.boolean(),
    session_id: z.string().nullable(),
    /** The current session's start: the instant the uploaded recording's first sample must be. */
    timeline_started_at: isoTime.nullable(),
  })
  .openapi('RecordingWanted');
export type RecordingWanted = z.infer<typeof recordingWantedSchema>;

/** Query of `PUT /internal/runs/:id/recording` (the body is the raw audio). */
export const recordingUploadQuery = z.object({
  timeline_started_at: z.iso.datetime({ offset: true }),
  session_id: z.string().min(1).max(100).optional(),
});
export type RecordingUploadQuery = z.infer<typeof recordingUploadQuery>;

export { recordingSchema, type RecordingDto } from '../audio.js';
