import { baseScore } from '../nlp/polarity.js';
import type { NlpSession } from '../nlp.js';
import type { AnsweredQuestion } from './questions.js';

/**
 * Readings of a short answer in the light of its question — what the words alone cannot say:
 *
 * - Yes to a negative act: "Yes." to a yes/no question whose verb is one of the polarity lexicon's
 *   negative words ("Are you planning to cancel your subscription?") states the act — the intent to
 *   cancel is a negative verdict on the subject. "No." to it is left to its words ("No, we're happy" is
 *   positive, "Not right now" neutral). A negative noun in the question ("another frustration?") is a
 *   topic, not an act: no reading.
 * - A bare refusal to an amount or a remedy: "None.", "Zero percent.", "Nothing really." answering how
 *   much they would accept or pay, or what would keep them, refuses outright. A question that asks
 *   about problems ("any concerns?") is excluded — there "none" is good news.
 *
 * Each gives one words-evidence reading of READING_WEIGHT on the answer's first entry.
 */

export const READING_WEIGHT = -2;

const AMOUNT_OR_REMEDY =
  /\b(how much|how many|largest|most|percent|pay|price|increase|what would|keep you|win you back)\b/i;
/** A question about problems, where "none" is good news (its offered options are not its topic). */
const PROBLEM_TOPIC = /\b(frustrat\w*|problems?|issues?|concerns?|complaints?|worr\w*|pains?|bugs?|wrong)\b/i;
const REFUSAL = new Set(['none', 'zero', 'nothing', 'nil', 'nada', '0', '0%']);
const PADDING = new Set([
  'percent',
  '%',
  'really',
  'at',
  'all',
  'honestly',
  'a',
  'penny',
  'cent',
  'not',
  'thing',
  'i',
  'guess',
  'think',
  'just',
  'absolutely',
  'well',
  'um',
  'uh',
  'so',
]);

export interface AnswerReading {
  transcript_entry_id: string;
  text: string;
  score: number;
}

function questionTokens(q: AnsweredQuestion, session: NlpSession) {
  return session.analyze(q.node.text).sentences.flatMap((s) => s.tokens);
}

function isBareRefusal(q: AnsweredQuestion): boolean {
  const words = q.entries.flatMap((pe) =>
    pe.text.sentences.flatMap((s) => s.tokens.filter((t) => t.pos !== 'PUNCT').map((t) => t.normal)),
  );
  return (
    words.length > 0 &&
    words.length <= 6 &&
    words.some((w) => REFUSAL.has(w)) &&
    words.every((w) => REFUSAL.has(w) || PADDING.has(w))
  );
}

export function answerReading(q: AnsweredQuestion, session: NlpSession): AnswerReading | null {
  const first = q.entries[0];
  if (first === undefined || q.status !== 'answered') return null;
  const reading = (score: number): AnswerReading => ({
    transcript_entry_id: first.entry.id,
    text: first.entry.content,
    score,
  });
  const asked = questionTokens(q, session);
  if (q.node.type === 'yes_no' && q.value === true) {
    const act = asked.some((t) => t.pos === 'VERB' && baseScore(t) < 0);
    return act ? reading(READING_WEIGHT) : null;
  }
  const aboutProblems = PROBLEM_TOPIC.test(q.node.text);
  if (!aboutProblems && AMOUNT_OR_REMEDY.test(q.node.text) && isBareRefusal(q))
    return reading(READING_WEIGHT);
  return null;
}
