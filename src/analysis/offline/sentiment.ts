import type { Blueprint } from '../../blueprint/schema.js';
import { narrativePolarity } from '../nlp/narrative.js';
import { scorePolarity } from '../nlp/polarity.js';
import type { NlpSession } from '../nlp.js';
import { questionAsked, questionKeys, type PreparedEntry } from '../prepare.js';
import { round } from '../text.js';
import type { AnalysisResult, SentimentEvidence, SentimentLabel, TranscriptEntry } from '../types.js';
import { answerReading } from './answer-reading.js';
import { ironicSentences } from './irony.js';
import type { AnsweredQuestion } from './questions.js';

/**
 * Sentiment per answered question and overall.
 *
 * - Words: every sentence the participant said at the node is scored with the polarity lexicon
 *   (nlp/polarity.ts: negation, intensifiers, downtoners; yes/no tokens and fillers carry nothing; the
 *   question's own words count half). Positive and negative weights are summed per question.
 * - Ratings: an evaluative rating (the question asks to recommend, rate, score, or about satisfaction or
 *   experience) is read on its scale. 0–10 scales have NPS semantics: 0–6 negative, 7–8 neutral, 9–10
 *   positive. Other scales are normalised to 0..1: below 1/3 negative, above 2/3 positive, else neutral
 *   (1–5: 1–2 negative, 3 neutral, 4–5 positive). The reading is the label; the words are its evidence.
 *   A rating that measures something else ("how much did price influence the decision") is not a
 *   sentiment and leaves the label to the words.
 * - Yes/no and choice answers: words only, so "Yes." is neutral and "Every day, unfortunately." is not —
 *   except the readings of answer-reading.ts ("Yes." to "are you planning to cancel?", "None." to the
 *   largest increase you would accept).
 * - Problems told as a story that ends in a measured improvement weigh less (nlp/narrative.ts), and so do
 *   the negatives of an answer to a follow-up that asked for the downside ("What was the trade-off?").
 * - Label from the words (SENTIMENT_THRESHOLDS): `mixed` only when both sides reach `strong` and the
 *   weaker is at least `mixedBalance` of the stronger; otherwise the net decides at `net`.
 * - Overall: see overallSentiment (mixed only when both sides carry weight).
 */

export const SENTIMENT_THRESHOLDS = {
  /** Each side's total for `mixed` (one full polar word is 2: a single word is not strong evidence). */
  strong: 2.5,
  /** Mixed: the weaker side is at least this share of the stronger. */
  mixedBalance: 0.4,
  /** Positive / negative when the net reaches this (a single mild word does not). */
  net: 1.5,
} as const;

const EVALUATIVE =
  /recommend|satisf|happy|likely|\brate\b|rating|score|experience|quality|how good|how well/i;

/** Labels a question's summed positive and negative word weights with SENTIMENT_THRESHOLDS. */
export function labelSentiment(
  positive: number,
  negative: number,
  net: number = SENTIMENT_THRESHOLDS.net,
): SentimentLabel {
  const t = SENTIMENT_THRESHOLDS;
  if (
    positive >= t.strong &&
    negative >= t.strong &&
    Math.min(positive, negative) >= t.mixedBalance * Math.max(positive, negative)
  )
    return 'mixed';
  if (positive - negative >= net) return 'positive';
  if (negative - positive >= net) return 'negative';
  return 'neutral';
}

/** The label a rating's scale gives its value (see the module comment). */
export function ratingReading(value: number, min: number, max: number): SentimentLabel {
  if (min === 0 && max === 10) return value <= 6 ? 'negative' : value <= 8 ? 'neutral' : 'positive';
  const r = (value - min) / (max - min);
  return r < 1 / 3 ? 'negative' : r > 2 / 3 ? 'positive' : 'neutral';
}

/**
 * The interview's label from its questions' labels: a `mixed` question counts half on each side;
 * `mixed` when both sides are present and the weaker is at least OVERALL_MIXED_BALANCE of the stronger
 * (one positive answer among several complaints does not make a mixed interview), else the larger side.
 */
export const OVERALL_MIXED_BALANCE = 0.5;

export function overallSentiment(labels: readonly SentimentLabel[]): SentimentLabel {
  let pos = 0;
  let neg = 0;
  for (const l of labels) {
    if (l === 'positive') pos += 1;
    else if (l === 'negative') neg += 1;
    else if (l === 'mixed') {
      pos += 0.5;
      neg += 0.5;
    }
  }
  if (pos === 0 && neg === 0) return 'neutral';
  if (Math.min(pos, neg) >= OVERALL_MIXED_BALANCE * Math.max(pos, neg)) return 'mixed';
  return pos > neg ? 'positive' : 'negative';
}

export interface QuestionPolarity {
  positive: number;
  negative: number;
  evidence: Extract<SentimentEvidence, { type: 'words' }>[];
}

/**
 * Word polarity of a question's answers, with the question's own words discounted and ironic praise
 * (irony.ts) read as its opposite; `prior` is the interview's evaluative rating reading.
 */
export function questionPolarity(
  q: AnsweredQuestion,
  session: NlpSession,
  prior: SentimentLabel | null = null,
  askedOf: (entry: TranscriptEntry) => string = () => '',
): QuestionPolarity {
  const echo = new Set(session.contentLemmas(q.node.text));
  const scored = q.entries.flatMap((pe, i) => {
    // A follow-up that asked for the downside ("What was the trade-off?") gets one: requested, not volunteered.
    const requested = i > 0 && DOWNSIDE_ASKED.test(askedOf(pe.entry));
    return pe.text.sentences.map((s) => {
      const polarity = scorePolarity(s.tokens, echo);
      if (requested) {
        for (const h of polarity.hits) if (h.score < 0) h.score *= DOWNSIDE_WEIGHT;
        polarity.negative *= DOWNSIDE_WEIGHT;
      }
      return { entry: pe.entry, s, tokens: s.tokens, polarity };
    });
  });
  const ironic = ironicSentences(scored, prior);
  const told = narrativePolarity(scored);
  let positive = 0;
  let negative = 0;
  const evidence: QuestionPolarity['evidence'] = [];
  scored.forEach(({ entry, s, polarity: p }, i) => {
    const n = told[i]!;
    const pos = ironic.has(i) ? 0 : n.positive;
    const neg = ironic.has(i) ? p.negative + p.positive : n.negative;
    positive += pos;
    negative += neg;
    if (p.hits.length > 0 || n.resolution)
      evidence.push({
        type: 'words',
        transcript_entry_id: entry.id,
        text: s.text,
        score: round(pos - neg, 2),
      });
  });
  return { positive, negative, evidence };
}

function isEvaluativeRating(q: AnsweredQuestion): q is AnsweredQuestion & { value: number } {
  return (
    q.node.type === 'rating' && typeof q.value === 'number' && EVALUATIVE.test(`${q.node.text} ${q.node.key}`)
  );
}

/** The interview's evaluative ratings read together: negative or positive when they agree. */
export function ratingPrior(questions: readonly AnsweredQuestion[]): SentimentLabel | null {
  const readings = questions.flatMap((q) =>
    isEvaluativeRating(q) && q.node.type === 'rating'
      ? [ratingReading(q.value, q.node.scale.min, q.node.scale.max)]
      : [],
  );
  if (readings.includes('negative') && !readings.includes('positive')) return 'negative';
  if (readings.includes('positive') && !readings.includes('negative')) return 'positive';
  return null;
}

/** A follow-up that asks for the downside; the negatives of its answer weigh DOWNSIDE_WEIGHT. */
const DOWNSIDE_ASKED = /\b(trade-?offs?|downsides?|drawbacks?|what went wrong|cons?)\b/i;
export const DOWNSIDE_WEIGHT = 0.5;

function questionSentiment(
  q: AnsweredQuestion,
  session: NlpSession,
  prior: SentimentLabel | null,
  askedOf: (entry: TranscriptEntry) => string,
) {
  const words = questionPolarity(q, session, prior, askedOf);
  const evidence: SentimentEvidence[] = [...words.evidence];
  const reading = answerReading(q, session);
  if (reading !== null) {
    words.negative -= Math.min(0, reading.score);
    words.positive += Math.max(0, reading.score);
    evidence.push({ type: 'words', ...reading });
  }
  let sentiment = labelSentiment(words.positive, words.negative);
  const { node } = q;
  if (node.type === 'rating' && isEvaluativeRating(q)) {
    const reading = ratingReading(q.value, node.scale.min, node.scale.max);
    evidence.unshift({
      type: 'rating',
      transcript_entry_id: q.entries[0]?.entry.id ?? null,
      value: q.value,
      scale: { min: node.scale.min, max: node.scale.max },
      reading,
    });
    sentiment = reading;
  }
  return { question_key: q.key, sentiment, node_id: q.nodeId, evidence };
}

export function aggregateSentiment(
  questions: readonly AnsweredQuestion[],
  blueprint: Blueprint,
  session: NlpSession,
  unassigned: readonly PreparedEntry[],
  transcript: readonly TranscriptEntry[] = [],
): AnalysisResult['sentiment'] {
  const askedOf = (entry: TranscriptEntry) => questionAsked(entry, transcript, blueprint);
  const declared = questionKeys(blueprint);
  const byKey = new Map<string, ReturnType<typeof questionSentiment>>();
  const prior = ratingPrior(questions);
  for (const q of questions) {
    if (q.status === 'declined' && q.words < 4) continue;
    const s = questionSentiment(q, session, prior, askedOf);
    const prev = byKey.get(q.key);
    // A node visited twice (a loop) keeps one label per key: the stronger reading.
    if (prev === undefined || (prev.sentiment === 'neutral' && s.sentiment !== 'neutral'))
      byKey.set(q.key, s);
  }
  const by_question = [...byKey.values()].sort(
    (a, b) => declared.indexOf(a.question_key) - declared.indexOf(b.question_key),
  );
  if (by_question.length > 0)
    return { overall: overallSentiment(by_question.map((q) => q.sentiment)), by_question };
  let pos = 0;
  let neg = 0;
  for (const pe of unassigned)
    for (const s of pe.text.sentences) {
      pos += s.polarity.positive;
      neg += s.polarity.negative;
    }
  return { overall: labelSentiment(pos, neg), by_question };
}
