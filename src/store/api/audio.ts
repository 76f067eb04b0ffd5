import { z } from '@hono/zod-openapi';
import { isoTime } from './common.js';

/** Recording shapes: the run's channel settings, the signed audio link, the agent's upload answer. */

export const channelSettingsSchema = z
  .strictObject({
    /** Record the conversation (participant left, agent right) and keep it with the run. */
    recording: z.boolean().default(false),
  })
  .openapi('ChannelSettings');
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** Where each side of the conversation is in a stereo recording. */
const channelsSchema = z.object({ left: z.literal('participant'), right: z.literal('agent') });

export const recordingSchema = z
  .object({
    content_type: z.string(),
    bytes: z.number().int(),
    duration_ms: z.number().int().nullable(),
    sample_rate: z.number().int().nullable(),
    channels: channelsSchema,
    session_id: z.string().nullable(),
    /** Wall-clock time of the recording's first sample. */
    timeline_started_at: isoTime,
    /**
     * `timeline_started_at` minus the run's `started_at`, ms (0 when the recording covers the first
     * session). A transcript entry is heard at `entry.offset_ms - offset_ms` into the recording.
     */
    offset_ms: z.number().int(),
    created_at: isoTime,
  })
  .openapi('Recording');
export type RecordingDto = z.infer<typeof recordingSchema>;

export const audioLinkSchema = recordingSchema
  .extend({
    object: z.literal('audio'),
    run_id: z.string(),
    /** Download link (a signed store URL, or a presigned S3 URL), valid for one hour. */
    url: z.string(),
    expires_at: isoTime,
  })
  .openapi('AudioLink');
export type AudioLinkDto = z.infer<typeof audioLinkSchema>;
