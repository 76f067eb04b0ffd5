/**
 * The offline analyzer: deterministic, no network, built on wink-nlp (see nlp.ts). The implementation
 * lives in offline/, one module per part of the result:
 *
 * - offline/questions.ts: the interview's structure — per answered node, its entries, value and fields.
 * - offline/themes.ts: noun-phrase themes, scored by frequency, phrase length and spread over questions.
 * - offline/summary.ts: one third-person sentence per answered question, then key points.
 * - offline/sentiment.ts: lexicon polarity per question (negation, intensity), ratings by their scale.
 * - offline/quotes.ts: one verbatim sentence per substantive answer, attributed to its node.
 * - offline/scorecard.ts: criteria scored from evidence (depth, figures, named systems, outcomes).
 * - offline/analyzer.ts: the Analyzer that puts them together.
 */

export { OfflineAnalyzer, OFFLINE_MODEL, analyzeOffline } from './offline/analyzer.js';
export { labelSentiment, ratingReading } from './offline/sentiment.js';
export { overallScore } from './offline/scorecard.js';
