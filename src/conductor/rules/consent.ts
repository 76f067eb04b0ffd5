import { plain } from './text.js';
import { isQuestionBack } from './faq.js';
import { parseYesNo } from './yes-no.js';

/**
 * Consent is given only by an unambiguous yes. Reluctance, conditions and questions get the consent
 * explained and asked again (`clarify`); an ambiguous reply ("I guess", "maybe") is `unclear` — the
 * engine allows one such re-ask at the consent, so ambiguity twice ends the interview politely with
 * consent not given (as does silence twice). A clear no refuses.
 */

export type ConsentReading =
  | { type: 'given' }
  | { type: 'refused' }
  | { type: 'clarify'; why: 'question' | 'condition' | 'reluctance' }
  | { type: 'unclear' };

const HEDGE =
  /\b(i guess|i suppose|guess so|suppose so|i think so|probably|maybe|perhaps|kind of|sort of|kinda|sorta|if i have to|if i must|whatever|fine i guess|not sure|don'?t know|dunno|hmm+|uh+|um+)\b/;
const CONDITION =
  /\b(as long as|only if|provided|on condition|if you (don'?t|do not|won'?t)|but (not|don'?t|please|only|no)|except|without (the )?(record|video|audio|name)|so long as|depends|but can (we|you|i) (skip|avoid|leave out|turn off|not))\b/;
const CONDITION_MET =
  /\b(which (you said )?(it is|they are|you do|you will)|as you (said|mentioned)|like you said|you said (it is|you would|you do))\b/;
const RELUCTANCE =
  /\b(not (really )?comfortable|uncomfortable|nervous|worried|hesitant|reluctant|uneasy|not keen|do i have to)\b/;

/** An explicit refusal opening the reply ("No, …", "Not really…", "I'd rather not…", "I don't want…"). */
const REFUSAL_OPENING =
  /^(no|nope|nah|not really|not (at the moment|today|right now)|i'?d (rather|prefer) (not|you didn'?t|you did not)|i would (rather|prefer) not|i (don'?t|do not) (want|consent|agree|like)|i'?m not (ok|okay|happy|comfortable)|absolutely not|definitely not)\b/;
/** A turn back to an explicit yes after the opening ("…well, okay, go on then"). */
const REVERSAL =
  /^(but |well |oh |then |i guess |i suppose )*(ok|okay|alright|all right|fine|yes|yeah|yep|sure|go on|go ahead)\b|\b(allow|accept|agree to|live with|go along with) (it|that|this)\b|\b(it'?s|that'?s|thats) (fine|ok|okay|alright)\b/;

/**
 * The first clause of the reply and the rest: split at the first comma, dash, full stop, ellipsis or
 * "but / well" (the participant's first stance is in the first clause).
 */
function firstClause(utterance: string): { first: string; rest: string } {
  const m = /\s*(?:[,.;:!?\u2026\u2013\u2014]+|\s-\s|\sbut\s|\swell\s)\s*/i.exec(utterance);
  if (m === null) return { first: utterance, rest: '' };
  return { first: utterance.slice(0, m.index), rest: utterance.slice(m.index + m[0].length) };
}

export function readConsent(said: string): ConsentReading {
  // "Why not, sure.": the idiom is a yes, not a negation.
  const utterance = said.replace(/^((?:oh|well|um|uh),? )?why not(?=[,.!]|$)/i, '$1yes');
  const text = plain(utterance);
  if (text === '') return { type: 'unclear' };
  // A refusal said first refuses ("No, I don't want to be recorded, but I'm happy to answer by
  // email"); a turn back to an explicit yes right after it is mixed, so it is asked again.
  const { first, rest } = firstClause(utterance);
  if (REFUSAL_OPENING.test(plain(first)) && parseYesNo(first).type === 'no') {
    // "…, if that's okay" is politeness, not a turn back to yes.
    const r = plain(rest)
      .replace(/\bif (that'?s|thats|that is|it'?s|its) (ok|okay|alright|all right|fine)\b/g, ' ')
      .trim();
    return r !== '' && REVERSAL.test(r) ? { type: 'unclear' } : { type: 'refused' };
  }
  // "…as long as it's anonymous, which you said it is": a condition the interview already meets.
  if (CONDITION.test(text) && !CONDITION_MET.test(text)) return { type: 'clarify', why: 'condition' };
  if (RELUCTANCE.test(text)) return { type: 'clarify', why: 'reluctance' };
  if (isQuestionBack(utterance)) return { type: 'clarify', why: 'question' };
  if (HEDGE.test(text)) return { type: 'unclear' };
  // "I don't love it, but yes, okay": after "but", the contrast is the answer.
  const contrast = / but (.+)$/.exec(text)?.[1];
  const after = contrast !== undefined ? parseYesNo(contrast) : undefined;
  const yn = after !== undefined && after.type !== 'unclear' ? after : parseYesNo(utterance);
  switch (yn.type) {
    case 'yes':
      return { type: 'given' };
    case 'no':
      return { type: 'refused' };
    case 'unclear':
      return { type: 'unclear' };
  }
}

/** What the agent says before asking for consent again. */
export function consentClarification(
  why: 'question' | 'condition' | 'reluctance' | 'unclear',
  answer?: string,
): string {
  const lead =
    answer ??
    (why === 'condition'
      ? "I understand. I can't change how the conversation is recorded, so it's fine to say no."
      : why === 'reluctance'
        ? "That's completely fine — taking part is voluntary, and you can stop at any time."
        : why === 'unclear'
          ? 'I can only go ahead with a clear yes, and a no is perfectly fine too.'
          : 'Good question.');
  return `${lead} To be clear:`;
}
