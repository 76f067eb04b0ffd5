import { z } from '@hono/zod-openapi';
import { transcriptSchema } from './runs.js';

/** Result documents fetched by their own id (`GET /v1/transcripts/:id`, `/v1/analyses/:id`, `/v1/responses/:id`). */

export const transcriptDocumentSchema = transcriptSchema
  .extend({
    id: z.string().openapi({ description: "The run's transcript_id (trn_…)." }),
  })
  .openapi('TranscriptDocument');
export type TranscriptDocumentDto = z.infer<typeof transcriptDocumentSchema>;
