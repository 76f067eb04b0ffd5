import { z } from '@hono/zod-openapi';
import {
  transcriptEntrySchema,
  transcriptEntryTypeSchema,
  transcriptRoleSchema,
} from '../../../analysis/types.js';

/** Turns: `POST /internal/runs/:id/turns`, `PATCH .../turns/:n`, `GET .../history`. Times are ISO 8601. */

const datetime = z.iso.datetime({ offset: true });
const confidence = z
  .number()
  .min(0)
  .max(1)
  .openapi({ description: 'Speech recognition confidence, kept to six decimals.' });

export const createTurnBody = z
  .strictObject({
    turn_number: z.number().int().min(0).max(1_000_000),
    role: transcriptRoleSchema,
    content: z.string().max(100_000),
    started_at: datetime,
    ended_at: datetime,
    session_id: z.string().max(100).optional(),
    node_id: z.string().max(64).nullable().optional(),
    question_key: z.string().max(64).nullable().optional(),
    entry_type: transcriptEntryTypeSchema.default('utterance'),
    confidence: confidence.nullable().optional(),
    is_pending_question: z.boolean().optional(),
    evaluation: z.record(z.string(), z.unknown()).nullable().optional(),
    audio_url: z.string().max(2000).nullable().optional(),
  })
  .openapi('CreateTurn');
/** The body as the store reads it (defaults applied). */
export type CreateTurnBody = z.infer<typeof createTurnBody>;
/** The body as a client sends it. */
export type CreateTurnInput = z.input<typeof createTurnBody>;

export const updateTurnBody = z
  .strictObject({
    content: z.string().max(100_000).optional(),
    started_at: datetime.optional(),
    ended_at: datetime.optional(),
    session_id: z.string().max(100).optional(),
    node_id: z.string().max(64).nullable().optional(),
    question_key: z.string().max(64).nullable().optional(),
    entry_type: transcriptEntryTypeSchema.optional(),
    confidence: confidence.nullable().optional(),
    is_pending_question: z.boolean().optional(),
    evaluation: z.record(z.string(), z.unknown()).nullable().optional(),
    audio_url: z.string().max(2000).nullable().optional(),
  })
  .openapi('UpdateTurn');
export type UpdateTurnBody = z.infer<typeof updateTurnBody>;

export const turnParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
  n: z.coerce
    .number()
    .int()
    .min(0)
    .openapi({ param: { name: 'n', in: 'path' } }),
});

export const historySchema = z
  .object({ object: z.literal('list'), run_id: z.string(), data: z.array(transcriptEntrySchema) })
  .openapi('History');
export type History = z.infer<typeof historySchema>;
