import { z } from 'zod';

/**
 * The turns part's labelled answers (issue 14 §3): spoken answers with mid-answer pauses of 0.5–1.5 s —
 * the participant stops to think and carries on — and complete answers with no pause, to the four node
 * kinds. Each segment is rendered by espeak-ng on its own and the pause is real silence between them;
 * `transcript` is what the STT sends for that segment (Deepgram punctuates each final, sometimes with a
 * full stop where the speaker only paused). Written the way people answer, not the way the rules parse;
 * a few paused answers pause after a phrase that sounds finished ("We switched last spring … after the
 * old tool shut down"): no text cue can see those, they are in the set because people do it.
 */

export const benchNodeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('open'), text: z.string() }),
  z.strictObject({ type: z.literal('yes_no'), text: z.string() }),
  z.strictObject({
    type: z.literal('rating'),
    text: z.string(),
    scale: z.strictObject({ min: z.number().int(), max: z.number().int() }),
  }),
  z.strictObject({ type: z.literal('choice'), text: z.string(), options: z.array(z.string()).min(2) }),
]);
export type BenchNode = z.infer<typeof benchNodeSchema>;

export const pausedAnswerSchema = z.strictObject({
  id: z.string(),
  node: benchNodeSchema,
  segments: z.array(z.strictObject({ spoken: z.string(), transcript: z.string() })).min(1),
  /** Silence between consecutive segments, ms (one fewer than the segments). */
  pauses_ms: z.array(z.number().int().min(500).max(1500)),
});
export type PausedAnswer = z.infer<typeof pausedAnswerSchema>;

const OPEN: BenchNode = { type: 'open', text: 'What made the first month hard?' };
const OPEN_2: BenchNode = { type: 'open', text: 'What do you like about the app?' };
const YES_NO: BenchNode = { type: 'yes_no', text: 'Do you use the scheduling app every week?' };
const RATING: BenchNode = {
  type: 'rating',
  text: 'On a scale of one to ten, how useful is it to you?',
  scale: { min: 1, max: 10 },
};
const CHOICE: BenchNode = {
  type: 'choice',
  text: 'Do you mostly use it on your phone, your laptop or a shared computer?',
  options: ['Phone', 'Laptop', 'Shared computer'],
};

const seg = (spoken: string, transcript: string) => ({ spoken, transcript });

function paused(id: string, node: BenchNode, parts: Array<[string, string]>, pauses: number[]): PausedAnswer {
  return pausedAnswerSchema.parse({
    id,
    node,
    segments: parts.map(([s, t]) => seg(s, t)),
    pauses_ms: pauses,
  });
}

export const PAUSED_ANSWERS: readonly PausedAnswer[] = [
  paused(
    'think-onboarding',
    OPEN,
    [
      ['I think', 'I think…'],
      ['it was mostly the onboarding', 'It was mostly the onboarding.'],
    ],
    [900],
  ),
  paused(
    'slow-and',
    OPEN,
    [
      ['The reports were slow and', 'The reports were slow and'],
      ['the export kept failing', 'the export kept failing.'],
    ],
    [700],
  ),
  paused(
    'um-handover',
    OPEN,
    [
      ['Um', 'Um.'],
      ['probably the night shift handover', 'Probably the night shift handover.'],
    ],
    [1200],
  ),
  paused(
    'depends-because',
    OPEN,
    [
      ['Well it depends because', 'Well, it depends because'],
      ['some weeks we barely touch it', 'some weeks we barely touch it.'],
    ],
    [1000],
  ),
  paused(
    'what-i-liked',
    OPEN_2,
    [
      ['What I like is', 'What I like is'],
      ['how quickly the rota updates', 'how quickly the rota updates.'],
    ],
    [1300],
  ),
  paused(
    'it-was',
    OPEN,
    [
      ['It was', 'It was.'],
      ['a lot harder than the old system', 'A lot harder than the old system.'],
    ],
    [600],
  ),
  paused(
    'mostly-the',
    OPEN,
    [
      ['Mostly the', 'Mostly the'],
      ['search page', 'search page.'],
    ],
    [800],
  ),
  paused(
    'id-say',
    OPEN_2,
    [
      ["I'd say", "I'd say"],
      ['the people more than the software', 'the people more than the software.'],
    ],
    [1500],
  ),
  paused(
    'first-thing-is',
    OPEN,
    [
      ['So the first thing is', 'So the first thing is'],
      ['nobody trained us', 'nobody trained us.'],
    ],
    [500],
  ),
  paused(
    'i-suppose',
    OPEN_2,
    [
      ['I suppose', 'I suppose.'],
      ['it made the mornings calmer', 'It made the mornings calmer.'],
    ],
    [1400],
  ),
  paused(
    'you-know',
    OPEN,
    [
      ['It was just you know', 'It was just, you know,'],
      ['a lot of clicking around', 'a lot of clicking around.'],
    ],
    [1100],
  ),
  paused(
    'switched-spring',
    OPEN,
    [
      ['We switched last spring', 'We switched last spring.'],
      ['after the old tool shut down', 'After the old tool shut down.'],
    ],
    [1000],
  ),
  paused(
    'pricing-support',
    OPEN_2,
    [
      ['Honestly the price', 'Honestly, the price.'],
      ['and the support team', 'And the support team.'],
    ],
    [800],
  ),
  paused(
    'yes-but',
    YES_NO,
    [
      ['Yes but', 'Yes, but'],
      ['only on weekdays', 'only on weekdays.'],
    ],
    [1000],
  ),
  paused(
    'well-not-really',
    YES_NO,
    [
      ['Well', 'Well…'],
      ['not really', 'Not really.'],
    ],
    [700],
  ),
  paused(
    'hmm-seven',
    RATING,
    [
      ['Hmm', 'Hmm.'],
      ['maybe a seven', 'Maybe a seven.'],
    ],
    [1200],
  ),
  paused(
    'give-it-a',
    RATING,
    [
      ['I would give it a', 'I would give it a'],
      ['six', 'six.'],
    ],
    [800],
  ),
  paused(
    'mostly-on-my',
    CHOICE,
    [
      ['Mostly on my', 'Mostly on my'],
      ['laptop', 'laptop.'],
    ],
    [900],
  ),
  paused(
    'phone-and',
    CHOICE,
    [
      ['The phone I guess and', 'The phone, I guess, and'],
      ['sometimes the shared one at work', 'sometimes the shared one at work.'],
    ],
    [1000],
  ),
  paused(
    'eight-because',
    RATING,
    [
      ['Eight because', 'Eight, because'],
      ['it saves me a lot of time', 'it saves me a lot of time.'],
    ],
    [900],
  ),
  // a complete typed answer, then a pause, then a qualification or a correction: the first segment alone
  // reads as certain ("Yes.", "Seven."), so only the silence tells the detector to wait; the route
  // depends on the rest
  paused(
    'yes-weekdays',
    YES_NO,
    [
      ['Yes', 'Yes.'],
      ['but only on weekdays', 'But only on weekdays.'],
    ],
    [600],
  ),
  paused(
    'no-fridays',
    YES_NO,
    [
      ['No', 'No.'],
      ['well sometimes on a Friday', 'Well, sometimes on a Friday.'],
    ],
    [700],
  ),
  paused(
    'seven-six',
    RATING,
    [
      ['Seven', 'Seven.'],
      ['actually no more like a six', 'Actually, no, more like a six.'],
    ],
    [800],
  ),
  paused(
    'phone-laptop',
    CHOICE,
    [
      ['The phone', 'The phone.'],
      ['or the laptop when I am at work', "Or the laptop when I'm at work."],
    ],
    [500],
  ),
  paused(
    'yeah-summer',
    YES_NO,
    [
      ['Yeah', 'Yeah.'],
      ['except over the summer', 'Except over the summer.'],
    ],
    [600],
  ),
];

export const COMPLETE_ANSWERS: readonly PausedAnswer[] = [
  paused('yes', YES_NO, [['Yes', 'Yes.']], []),
  paused('yeah-every-week', YES_NO, [['Yeah pretty much every week', 'Yeah, pretty much every week.']], []),
  paused('no-not-every', YES_NO, [['No I do not', "No, I don't."]], []),
  paused('eight', RATING, [['Eight', 'Eight.']], []),
  paused('seven-out-of-ten', RATING, [['Seven out of ten', 'Seven out of ten.']], []),
  paused('phone', CHOICE, [['Mostly on my phone', 'Mostly on my phone.']], []),
  paused('laptop', CHOICE, [['The laptop', 'The laptop.']], []),
  paused(
    'hour-a-shift',
    OPEN_2,
    [['It saves me about an hour on every shift', 'It saves me about an hour on every shift.']],
    [],
  ),
  // brief complete answers to open questions: Parley's detector meets them with a silent probe (judge.ts)
  paused('brief-handover', OPEN, [['The night shift handover', 'The night shift handover.']], []),
  paused('brief-rota', OPEN_2, [['Honestly the rota', 'Honestly, the rota.']], []),
  paused('nobody-told-us', OPEN, [['Nobody told us it had changed', 'Nobody told us it had changed.']], []),
  paused(
    'reports-load',
    OPEN,
    [['The reports take far too long to load', 'The reports take far too long to load.']],
    [],
  ),
];

/** typed = yes/no, rating and choice nodes. */
export function isTypedNode(node: BenchNode): boolean {
  return node.type !== 'open';
}
