import { z } from 'zod';
import type { BlueprintNode } from '../../blueprint/schema.js';

/**
 * What the pending node expects the participant to say, as far as the end of the turn cares: a typed
 * answer the conductor's rules can read (yes/no, a number on a scale, one of the options, consent), or
 * an open answer. Nodes that take no answer (statement, end) and no node at all count as open.
 */
export const turnExpectationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('yes_no'), question: z.string() }),
  z.strictObject({
    type: z.literal('rating'),
    scale: z.strictObject({ min: z.number(), max: z.number() }),
  }),
  z.strictObject({ type: z.literal('choice'), options: z.array(z.string()), multiple: z.boolean() }),
  z.strictObject({ type: z.literal('consent') }),
  z.strictObject({ type: z.literal('open') }),
]);
export type TurnExpectation = z.infer<typeof turnExpectationSchema>;

export function expectationFor(node: BlueprintNode | undefined): TurnExpectation {
  if (node === undefined) return { type: 'open' };
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
    case 'statement':
    case 'end':
      return { type: 'open' };
  }
}

/** Whether the node's answer is a typed one (its delays are the short `typed` row, see delays.ts). */
export function isTyped(expectation: TurnExpectation): boolean {
  return expectation.type !== 'open';
}
