import type { Technique } from '../../blueprint/schema.js';
import type { OffTopicHandling } from '../../agent/schema.js';
import { keyPhrase } from './key-phrase.js';
import { pick, shorten } from './text.js';

/**
 * Offline wording: follow-up templates per technique, short transitions, redirects. English only.
 * Choices are deterministic (by follow-up index or turn number), so runs are reproducible.
 */

export interface FollowUpContext {
  technique: Technique;
  /** 1-based index of this follow-up at the node. */
  index: number;
  /** What the participant just said (for clarify / echo / summarize). */
  lastUtterance?: string | undefined;
  /** A vague phrase to ask about ("kind of messy"). */
  vaguePhrase?: string | undefined;
  /** Description of a missing number field ("Years in the current role"). */
  missingNumber?: string | undefined;
}

const TEMPLATES: Record<Technique, readonly [string, ...string[]]> = {
  example: [
    'Could you give me a specific example?',
    'Can you think of a recent time when that happened?',
    'What did that look like the last time it happened?',
  ],
  laddering: [
    'Why is that important to you?',
    'And what does that give you, in the end?',
    'Why does that matter to you?',
  ],
  funnel: ['What happened next?', 'Could you walk me through that step by step?', 'And then what happened?'],
  contrast: [
    'How does that compare with how things were before?',
    'How does that compare with the alternatives you considered?',
    'What would be different otherwise?',
  ],
  five_whys: ['And why is that?', 'Why do you think that is?', 'And what is behind that?'],
  quantify: [
    'Roughly how many or how much are we talking about?',
    'Could you put a rough number on that?',
    'How often does that happen, roughly?',
  ],
  clarify: [
    'Could you say a bit more about what you mean?',
    'What do you mean exactly?',
    'Could you unpack that a little?',
  ],
  echo: ['Could you tell me more about that?', 'Tell me more about that.', 'Say more about that?'],
  hypothetical: [
    'If you could change one thing about that, what would it be?',
    'Imagine that problem was solved tomorrow. What would be different?',
    'What would the ideal look like?',
  ],
  summarize: ['Is there anything you would add?', 'Did I get that right?', 'Is that a fair summary?'],
};

export function followUpText(ctx: FollowUpContext): string {
  const base = pick(TEMPLATES[ctx.technique], ctx.index - 1);
  const quote = ctx.lastUtterance !== undefined ? shorten(ctx.lastUtterance, 70) : undefined;
  switch (ctx.technique) {
    case 'clarify':
      return ctx.vaguePhrase !== undefined ? `What do you mean by "${ctx.vaguePhrase}"?` : base;
    case 'echo':
      return ctx.vaguePhrase !== undefined
        ? `"${capitalize(ctx.vaguePhrase)}"… could you tell me more about that?`
        : base;
    case 'quantify':
      return ctx.missingNumber !== undefined && ctx.index === 1
        ? `Could you put a rough number on that: ${lowerFirst(ctx.missingNumber)}?`
        : base;
    case 'summarize':
      return quote !== undefined ? `So if I understood correctly: ${lowerFirst(quote)}. ${base}` : base;
    case 'example':
    case 'laddering':
    case 'funnel':
    case 'contrast':
    case 'five_whys':
    case 'hypothetical': {
      // Refer to what was said: "You mentioned you lose the handover — what did that look like…?"
      const phrase = ctx.lastUtterance !== undefined ? keyPhrase(ctx.lastUtterance) : undefined;
      if (phrase === undefined) return base;
      const lead = pick(
        [`You mentioned ${phrase}`, `You said ${phrase}`, `About ${phrase}`] as const,
        ctx.index - 1,
      );
      return `${lead} — ${lowerFirst(base)}`;
    }
  }
}

/** Words that make "that's really useful, thanks" the wrong thing to say. */
const NEGATIVE =
  /\b(pointless|waste of (my )?time|useless|terrible|awful|hate|angry|annoyed|furious|ridiculous|rubbish|frustrat\w*|disappointed|upset|sick of|fed up|worst|horrible)\b/;

/** An acknowledgement that fits what was said: neutral after frustration or hostility. */
export function acknowledgementFor(utterance: string, seed: number): string {
  if (NEGATIVE.test(utterance.toLowerCase()))
    return pick(['I hear you.', 'Understood.', 'Okay, noted.', 'That makes sense.'], seed);
  return acknowledgement(seed);
}

/** Said before moving on to the next question after an answer. */
export function acknowledgement(seed: number): string {
  return pick(
    [
      "Thanks, that's helpful.",
      'Got it, thank you.',
      'Thank you.',
      "That's really useful, thanks.",
      'Okay, thanks.',
    ],
    seed,
  );
}

/** Said before a follow-up (no "thanks": the answer is not finished). */
export function probeLead(seed: number): string {
  return pick(['I see.', 'Okay.', 'Interesting.', 'Right.'], seed);
}

export function declineAck(reason: 'refused' | 'skip' | 'dont_know', seed: number): string {
  switch (reason) {
    case 'refused':
      return pick(["No problem, let's move on.", "That's completely fine.", 'Understood.'], seed);
    case 'skip':
      return pick(["Sure, let's move on.", 'No problem.', 'Of course.'], seed);
    case 'dont_know':
      return pick(["That's okay.", 'No worries.', "That's fine."], seed);
  }
}

export function redirect(handling: OffTopicHandling, seed: number): string {
  switch (handling) {
    case 'strict_redirect':
      return 'I need to keep us on the interview questions. So, back to my question:';
    case 'gentle_redirect':
    case 'allow':
      return pick(
        [
          "That's interesting, but let's come back to my question.",
          'Good point, but let me bring us back to the question.',
        ],
        seed,
      );
  }
}

export const REPEAT_LEAD = 'Of course.';
export const UNCLEAR_LEAD = 'Sorry, I just want to make sure I get this right.';

/** Extra guidance appended when a typed question is asked again. */
export function answerHint(
  nodeType: 'question' | 'choice' | 'rating' | 'yes_no',
  options: readonly string[] | undefined,
  scale: { min: number; max: number } | undefined,
  multiple = false,
): string | undefined {
  switch (nodeType) {
    case 'yes_no':
      return 'A simple yes or no is fine.';
    case 'choice':
      return options !== undefined && options.length > 0
        ? `The options are ${listOr(options)}${multiple ? ', and you can pick more than one' : ''}.`
        : undefined;
    case 'rating':
      return scale !== undefined ? `Any number from ${scale.min} to ${scale.max} is fine.` : undefined;
    case 'question':
      return undefined;
  }
}

function listOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}
