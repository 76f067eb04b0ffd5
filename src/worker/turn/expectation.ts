import { z } from 'zod';
import type { BlueprintNode } from '../../blueprint/schema.js';

/**
 * What the pending node expects the participant to say, as far as the end of the turn cares: a typed
 * answer the conductor's rules can read (yes/no, a number on a scale, one of the options, consent), or
 * an open answer. Nodes that take no answer (statement, end) and no node at all count as open, with no
 * silent probe.
 */
export const turnExpectationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('yes_no'), question: z.string() }),
  z.strictObject({
    type: z.literal('rating'),
    scale: z.strictObject({ min: z.number(), max: z.number() }),
  }),
  z.strictObject({ type: z.literal('choice'), options: z.array(z.string()), multiple: z.boolean() }),
  z.strictObject({ type: z.literal('consent') }),
  /**
   * `silentProbe`: an open question asked for depth (any `endpointing` but `quick`): a brief answer there
   * is usually the start of one, so the end of the turn waits for more, as an interviewer's silent probe.
   */
  z.strictObject({ type: z.literal('open'), question: z.string(), silentProbe: z.boolean() }),
]);
export type TurnExpectation = z.infer<typeof turnExpectationSchema>;

export function expectationFor(node: BlueprintNode | undefined): TurnExpectation {
  if (node === undefined) return { type: 'open', question: '', silentProbe: false };
  switch (node.type) {
    case 'yes_no':
      return { type: 'yes_no', question: node.text };
    case 'rating':
      return { type: 'rating', scale: { min: node.scale.min, max: node.scale.max } };
    case 'choice':
      return { type: 'choice', options: [...node.options], multiple: node.multiple };
    case 'consent':
      return { type: 'consent' };
    case 'question':
      return { type: 'open', question: node.text, silentProbe: node.endpointing !== 'quick' };
    case 'statement':
      return { type: 'open', question: node.text, silentProbe: false };
    case 'end':
      return { type: 'open', question: '', silentProbe: false };
  }
}

/** Whether the node's answer is a typed one (its delays are the short `typed` row, see delays.ts). */
export function isTyped(expectation: TurnExpectation): boolean {
  return expectation.type !== 'open';
}
