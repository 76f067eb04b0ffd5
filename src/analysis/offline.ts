/**
 * The offline analyzer: deterministic, no network, built on wink-nlp (see nlp.ts). The implementation
 * lives in offline/, one module per part of the result:
 *
 * - offline/themes.ts: noun-phrase themes, scored by frequency, phrase length and spread over turns.
 * - offline/summary.ts: extractive summary from the sentences that mention salient themes.
 * - offline/sentiment.ts: per-sentence lexicon sentiment, aggregated per question and overall.
 * - offline/quotes.ts: verbatim participant sentences worth quoting, at most one per turn.
 * - offline/scorecard.ts: a keyword heuristic per criterion; it does not judge quality.
 * - offline/analyzer.ts: the Analyzer that puts them together.
 */

export { OfflineAnalyzer, OFFLINE_MODEL, analyzeOffline } from './offline/analyzer.js';
export { SENTIMENT_THRESHOLDS, labelSentiment, overallSentiment } from './offline/sentiment.js';
export { scoreCriterion, overallScore } from './offline/scorecard.js';
