import { readConsent } from '../../conductor/rules/consent.js';
import { readChoice } from '../../conductor/rules/option-concepts.js';
import { parseRating } from '../../conductor/rules/rating.js';
import { readYesNo } from '../../conductor/rules/yes-no-question.js';
import type { TurnExpectation } from './expectation.js';
import { trailingCue } from './trailing.js';

/**
 * The end-of-turn judgement for what the participant has said so far (a pure function):
 *   complete  a typed answer the conductor's rules read with certainty — end the turn after the short delay
 *   trailing  the utterance trails off (trailing.ts) — wait the long delay
 *   unread    a typed node, but no certain typed reading and no trailing cue — wait the long delay: on a
 *             yes/no, rating or choice question this is usually the start of a longer answer
 *   brief     a finished-sounding answer of at most BRIEF_WORDS words to an open question asked for depth
 *             (expectation `silentProbe`), not a plain yes or no — wait the long delay: people stop after "Honestly, the price."
 *             or "We switched last spring." to think and go on, and a brief answer to such a question
 *             is the one an interviewer meets with silence before probing
 *   open      an open question's answer that ends like a finished thought — the node's (patient) delay
 * A strong trailing cue wins over a typed reading ("yes and…", "eight because"); a weak one ("Yes I do",
 * "Probably") only counts when there is no typed reading.
 */

export type TurnVerdict = 'complete' | 'trailing' | 'unread' | 'brief' | 'open';

export interface TurnJudgement {
  verdict: TurnVerdict;
  /** What decided it (a trailing cue or the typed reading), for logs and tests. */
  reason: string;
}

/** At most this many words make a brief open answer. */
export const BRIEF_WORDS = 4;

/** A yes/no reading at or above this confidence is certain (readYesNo's plain answers are ≥ 0.85). */
const YES_NO_CERTAIN = 0.85;

/** The typed reading of `text`, or null when the rules cannot read it with certainty. */
function typedReading(text: string, expectation: TurnExpectation): string | null {
  switch (expectation.type) {
    case 'yes_no': {
      const r = readYesNo(text, expectation.question);
      return r.type !== 'unclear' && r.confidence >= YES_NO_CERTAIN ? r.type : null;
    }
    case 'rating': {
      const r = parseRating(text, expectation.scale);
      return r.type === 'value' && r.range === undefined ? `rating ${r.value}` : null;
    }
    case 'choice': {
      const r = readChoice(text, expectation.options, expectation.multiple);
      return r.type === 'match' ? `choice ${r.values.join(', ')}` : null;
    }
    case 'consent': {
      const r = readConsent(text);
      return r.type === 'given' || r.type === 'refused' ? `consent ${r.type}` : null;
    }
    case 'open':
      return null;
  }
}

/** Brief: 1–BRIEF_WORDS words, and not a plain yes or no ("No, that's all." to "Anything else?" is done). */
function isBrief(text: string, question: string): boolean {
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (words === 0 || words > BRIEF_WORDS) return false;
  const r = readYesNo(text, question);
  return r.type === 'unclear' || r.confidence < YES_NO_CERTAIN;
}

export function judgeTurn(text: string, expectation: TurnExpectation): TurnJudgement {
  const cue = trailingCue(text);
  if (cue?.strength === 'strong') return { verdict: 'trailing', reason: cue.cue };
  const reading = typedReading(text, expectation);
  if (reading !== null) return { verdict: 'complete', reason: reading };
  if (cue !== null) return { verdict: 'trailing', reason: cue.cue };
  if (expectation.type !== 'open') return { verdict: 'unread', reason: 'no certain typed reading' };
  if (expectation.silentProbe && isBrief(text, expectation.question))
    return { verdict: 'brief', reason: 'brief answer' };
  return { verdict: 'open', reason: 'finished thought' };
}
