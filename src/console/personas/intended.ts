import type { AnswerNode } from '../../blueprint/schema.js';
import type { FieldValue } from '../../engine/types.js';
import { intIn, pick, type Rng } from './random.js';

/**
 * Naturally varied phrasings of a typed answer, each with the value the speaker means: plain answers,
 * negative framing, hedges, self-corrections (the last value wins), numbers in words. `parley simulate`
 * compares these intended values with what the interviewer understood and routed on (misroutes).
 */
export interface IntendedLine {
  text: string;
  value: FieldValue;
}

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const YES = [
  'Yes, that is right.',
  "Yeah, I'd say so.",
  'Definitely.',
  'I think so, yes.',
  'No — sorry, yes. Yes.',
  'Yes, I can confirm that.',
];
const NO = [
  'No, not really.',
  'Nope, none at all.',
  "I wouldn't say so, no.",
  'Not at all.',
  'Yes — sorry, no, I mean no.',
  "No, that's not the case.",
];

export function naturalYesNo(rng: Rng, yes: boolean): IntendedLine {
  return { text: pick(rng, yes ? YES : NO), value: yes };
}

export function naturalRating(rng: Rng, node: Extract<AnswerNode, { type: 'rating' }>): IntendedLine {
  const { min, max } = node.scale;
  const v = intIn(rng, min, max);
  const word = WORDS[v] ?? String(v);
  const other = v > min ? v - 1 : v + 1;
  const text = pick(rng, [
    `${v}.`,
    `I'd give it a ${v}.`,
    `${word.charAt(0).toUpperCase()}${word.slice(1)} out of ${max}, I think.`,
    `${other}, no, make that ${v}.`,
    `Probably a ${word}.`,
  ]);
  return { text, value: v };
}

export function naturalChoice(rng: Rng, node: Extract<AnswerNode, { type: 'choice' }>): IntendedLine {
  const option = pick(rng, node.options);
  const words = option.replace(/_/g, ' ');
  const text = pick(rng, [
    `I'd say ${words}.`,
    `${words}, I think.`,
    `Probably ${words}.`,
    `Mostly ${words}, yes.`,
  ]);
  return { text, value: node.multiple ? [option] : option };
}
