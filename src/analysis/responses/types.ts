import { z } from 'zod';
import { fieldValueSchema } from '../../engine/types.js';

/**
 * Per-question responses of one interview run, built after finalize from the blueprint, the engine's final
 * state and the transcript (`buildResponses`). Served by `GET /v1/interview-runs/:id/responses`.
 */

export const responseStatusSchema = z.enum(['answered', 'declined', 'skipped', 'not_reached']);
export type ResponseStatus = z.infer<typeof responseStatusSchema>;

export const responseAnswerSchema = z.object({
  /** The engine's one-line summary, or an extractive fallback from the participant's words. */
  summary: z.string(),
  /** Everything the participant said at this node, in order, joined with single spaces. */
  verbatim: z.string(),
  transcript_entry_ids: z.array(z.string()),
});
export type ResponseAnswer = z.infer<typeof responseAnswerSchema>;

export const responseItemSchema = z.object({
  node_id: z.string(),
  question_key: z.string(),
  /** The question as written in the blueprint (templates not rendered). */
  question_text: z.string(),
  node_type: z.enum(['question', 'choice', 'rating', 'yes_no']),
  required: z.boolean(),
  answered: z.boolean(),
  status: responseStatusSchema,
  decline_reason: z.enum(['refused', 'skip', 'dont_know']).nullable(),
  answer: responseAnswerSchema.nullable(),
  /** The typed answer of yes_no / choice / rating nodes. */
  value: fieldValueSchema.nullable(),
  captured_fields: z.record(z.string(), fieldValueSchema),
  follow_ups_asked: z.number().int().min(0),
  probing_complete: z.boolean(),
});
export type ResponseItem = z.infer<typeof responseItemSchema>;

export const responsesSchema = z.object({
  items: z.array(responseItemSchema),
  /** Node ids in the order they were entered (from the engine; from the transcript when no state). */
  path_taken: z.array(z.string()),
  /**
   * Answered required questions / all required questions of the blueprint, reached or not (so a branch
   * that was not taken lowers the rate). When the blueprint has no required question, every answer-taking
   * node counts; a blueprint without answer-taking nodes has rate 1. Four decimals.
   */
  completion_rate: z.number().min(0).max(1),
});
export type Responses = z.infer<typeof responsesSchema>;
