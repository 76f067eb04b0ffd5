import type { Blueprint } from '../../blueprint/schema.js';
import { questionKeys, type PreparedEntry } from '../prepare.js';
import type { AnalysisResult, SentimentLabel } from '../types.js';

/**
 * Sentiment: wink-nlp's lexicon sentiment (negation-aware, -1..1) per sentence, aggregated per question
 * and overall with SENTIMENT_THRESHOLDS.
 */

export const SENTIMENT_THRESHOLDS = {
  /** A sentence whose score is at least this (in absolute value) counts as polar. */
  polar: 0.1,
  /** A sentence at least this strong counts as a strong positive / negative. */
  strong: 0.3,
  /**
   * Mixed: both a strong positive and a strong negative sentence, and the weaker side's total is at least
   * this share of the stronger side's.
   */
  mixedBalance: 0.4,
  /** Otherwise positive / negative when the net of polar sentence scores reaches this; else neutral. */
  net: 0.2,
} as const;

/** Labels a group of sentence scores with SENTIMENT_THRESHOLDS. */
export function labelSentiment(scores: readonly number[]): SentimentLabel {
  const t = SENTIMENT_THRESHOLDS;
  let pos = 0;
  let neg = 0;
  let strongPos = false;
  let strongNeg = false;
  for (const s of scores) {
    if (s >= t.polar) pos += s;
    if (s <= -t.polar) neg -= s;
    if (s >= t.strong) strongPos = true;
    if (s <= -t.strong) strongNeg = true;
  }
  if (strongPos && strongNeg && Math.min(pos, neg) >= t.mixedBalance * Math.max(pos, neg)) return 'mixed';
  if (pos - neg >= t.net) return 'positive';
  if (neg - pos >= t.net) return 'negative';
  return 'neutral';
}

/**
 * Overall sentiment from the per-question labels: `mixed` when at least one question leans positive and
 * another negative (a mixed question counts as both), otherwise the side that occurs, otherwise neutral.
 * Without question keys, the label of all sentences together.
 */
export function overallSentiment(
  labels: readonly SentimentLabel[],
  allScores: readonly number[],
): SentimentLabel {
  if (labels.length === 0) return labelSentiment(allScores);
  const hasPos = labels.some((l) => l === 'positive' || l === 'mixed');
  const hasNeg = labels.some((l) => l === 'negative' || l === 'mixed');
  if (hasPos && hasNeg) return 'mixed';
  if (hasPos) return 'positive';
  if (hasNeg) return 'negative';
  return 'neutral';
}

export function aggregateSentiment(
  entries: readonly PreparedEntry[],
  blueprint: Blueprint,
): AnalysisResult['sentiment'] {
  const byKey = new Map<string, number[]>();
  const all: number[] = [];
  for (const pe of entries) {
    const scores = pe.text.sentences.map((s) => s.sentiment);
    all.push(...scores);
    if (pe.questionKey === null) continue;
    const list = byKey.get(pe.questionKey) ?? [];
    list.push(...scores);
    byKey.set(pe.questionKey, list);
  }
  const declared = questionKeys(blueprint);
  const keys = [
    ...declared.filter((k) => byKey.has(k)),
    ...[...byKey.keys()].filter((k) => !declared.includes(k)).sort(),
  ];
  const by_question = keys.map((question_key) => ({
    question_key,
    sentiment: labelSentiment(byKey.get(question_key) ?? []),
  }));
  return {
    overall: overallSentiment(
      by_question.map((q) => q.sentiment),
      all,
    ),
    by_question,
  };
}
