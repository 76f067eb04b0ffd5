import { z } from 'zod';
import { endpointingSchema } from '../../../src/blueprint/schema.js';

/**
 * The latency part's interview: open questions alternating with typed ones (yes/no, rating, choice), each
 * with the answer the participant speaks (espeak-ng) and the transcript the fake STT returns for it. The
 * typed answers are ones the rules read with certainty, so — with no probing and no capture fields — the
 * conductor routes them without a model call; the open ones take one assessment call each.
 */

export const answerTypeSchema = z.enum(['yes_no', 'rating', 'choice', 'open']);
export type AnswerType = z.infer<typeof answerTypeSchema>;

const common = {
  text: z.string(),
  spoken: z.string(),
  transcript: z.string(),
  /** The node's endpointing hint (unset: the worker's `normal`); each turn's ideal follows it. */
  endpointing: endpointingSchema.optional(),
};
export const scriptedQuestionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('open'), ...common }),
  z.strictObject({ type: z.literal('yes_no'), ...common }),
  z.strictObject({
    type: z.literal('rating'),
    ...common,
    scale: z.strictObject({ min: z.number().int(), max: z.number().int() }),
  }),
  z.strictObject({ type: z.literal('choice'), ...common, options: z.array(z.string()).min(2) }),
]);
export type ScriptedQuestion = z.infer<typeof scriptedQuestionSchema>;

/** Spoken answers have no commas: a pause inside an answer longer than the STT delay would split it. */
const open = (text: string, spoken: string): ScriptedQuestion => ({
  type: 'open',
  text,
  spoken,
  transcript: `${spoken}.`,
});

/** Open, typed, open, typed… (quick: 8 questions = 4 open + yes/no, rating, choice, yes/no). */
export const LATENCY_SCRIPT: readonly ScriptedQuestion[] = [
  open('What is your role at work?', 'I run the night shift at a hospital in Leeds'),
  {
    type: 'yes_no',
    text: 'Do you use the scheduling app every week?',
    spoken: 'Yes I do',
    transcript: 'Yes, I do.',
  },
  open('What do you like about it?', 'It saves me about an hour on every shift'),
  {
    type: 'rating',
    text: 'On a scale of one to ten, how useful is it to you?',
    spoken: 'I would give it an eight',
    transcript: 'I would give it an eight.',
    scale: { min: 1, max: 10 },
  },
  open('What slows you down the most?', 'The reports take far too long to load'),
  {
    type: 'choice',
    text: 'Do you mostly use it on your phone, your laptop or a shared computer?',
    spoken: 'Mostly on my phone',
    transcript: 'Mostly on my phone.',
    options: ['Phone', 'Laptop', 'Shared computer'],
  },
  open('Who else on your team uses it?', 'We use the scheduling app every single day'),
  {
    type: 'yes_no',
    text: 'Would you recommend it to a colleague?',
    spoken: 'No I would not',
    transcript: 'No, I would not.',
  },
  open('What would you change first?', 'The reports take far too long to load'),
  {
    type: 'rating',
    text: 'How easy was it to learn, from one to five?',
    spoken: 'About a four',
    transcript: 'About a four.',
    scale: { min: 1, max: 5 },
  },
];

export function scriptFor(questions: number): ScriptedQuestion[] {
  return Array.from({ length: questions }, (_, i) => LATENCY_SCRIPT[i % LATENCY_SCRIPT.length]!);
}

function node(q: ScriptedQuestion, key: string) {
  const base = {
    key,
    text: q.text,
    probing: { enabled: false, max_follow_ups: 0 },
    ...(q.endpointing !== undefined ? { endpointing: q.endpointing } : {}),
  };
  switch (q.type) {
    case 'open':
      return { type: 'question', ...base };
    case 'yes_no':
      return { type: 'yes_no', ...base };
    case 'rating':
      return { type: 'rating', ...base, scale: q.scale };
    case 'choice':
      return { type: 'choice', ...base, options: q.options };
  }
}

/** The blueprint of a script (no consent, no probing; endpointing as each question says), as JSON. */
export function scriptBlueprint(id: string, script: readonly ScriptedQuestion[], intro: string) {
  const ids = script.map((_, i) => `q${i + 1}`);
  return {
    id,
    name: `Bench voice interview, typed and open (${script.length} questions)`,
    settings: { estimated_duration_m: 5, max_duration_m: 30, language: 'en', intro_message: intro },
    graph: {
      entry_node: 'q1',
      nodes: {
        ...Object.fromEntries(script.map((q, i) => [ids[i]!, node(q, ids[i]!)])),
        done: { type: 'end' },
      },
      edges: ids.map((n, i) => ({ from: n, to: ids[i + 1] ?? 'done' })),
    },
  };
}
