import { z } from '@hono/zod-openapi';
import { transcriptEntrySchema } from '../../../analysis/types.js';
import { engineStateSchema } from '../../../engine/types.js';
import { agentSchema } from '../agents.js';
import { runSchema } from '../runs.js';

/** `POST /internal/runs/:id/sessions`: a connection starts (first join or a resume). */

export const startSessionBody = z
  .strictObject({
    /** LiveKit participant identity of the interviewee, if known. */
    participant_identity: z.string().max(200).optional(),
    channel: z.enum(['webrtc', 'sip']).optional(),
  })
  .openapi('StartSession');
export type StartSessionBody = z.infer<typeof startSessionBody>;

export const sessionStartedSchema = z
  .object({
    session_id: z.string(),
    run: runSchema,
    blueprint: z.record(z.string(), z.unknown()).openapi({ description: 'The pinned Blueprint document.' }),
    agent: agentSchema.nullable(),
    variables: z.record(z.string(), z.string()),
    participant: runSchema.shape.participant,
    engine_state: engineStateSchema.nullable(),
    history: z.array(transcriptEntrySchema),
  })
  .openapi('SessionStarted');
export type SessionStarted = z.infer<typeof sessionStartedSchema>;
