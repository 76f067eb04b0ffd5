import { z } from '@hono/zod-openapi';

/** The document ids a run carries (seed parity: a transcript, a responses and an analysis document). */
export const documentIdsShape = {
  transcript_id: z.string().openapi({
    description: 'Fetch with GET /v1/transcripts/{id}. Every run has one from creation on.',
  }),
  responses_id: z.string().nullable().openapi({
    description: 'Fetch with GET /v1/responses/{id}; null until the responses are generated.',
  }),
  analysis_id: z.string().nullable().openapi({
    description: 'Fetch with GET /v1/analyses/{id}; null until the analysis is generated.',
  }),
};
