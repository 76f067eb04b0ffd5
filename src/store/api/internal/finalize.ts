import { z } from '@hono/zod-openapi';
import { endReasonSchema } from '../../../engine/types.js';

/** `POST /internal/runs/:id/finalize`: the interview ended (the reply is the run, `runSchema`). */

export const finalizeBody = z
  .strictObject({
    ended_at: z.iso.datetime({ offset: true }).optional(),
    reason: endReasonSchema.default('completed'),
    audio_url: z.string().max(2000).nullable().optional(),
    generate_report: z.boolean().optional(),
  })
  .openapi('Finalize');
/** The body as the store reads it (defaults applied). */
export type FinalizeBody = z.infer<typeof finalizeBody>;
/** The body as a client sends it. */
export type FinalizeInput = z.input<typeof finalizeBody>;
