/**
 * The offline NLP layer: a thin adapter over wink-nlp with its English lite model (sentence boundaries,
 * tokens, lemmas, POS tags, named entities) plus Parley's own word polarity. Everything here is
 * deterministic and runs without network access. Key phrases are noun-phrase chunks over wink's POS tags.
 *
 * - nlp/model.ts: the language model with a copy-on-write core, so that instances are cheap and isolated.
 * - nlp/session.ts: NlpSession (one isolated instance) and analyzeText (a long-lived shared one).
 * - nlp/analyze.ts: sentences and key phrases of one text; nlp/lexicon.ts: the word lists it applies.
 * - nlp/polarity.ts: the polarity lexicon with negation, intensifiers and downtoners (sentiment).
 */

export { NlpSession, analyzeText } from './nlp/session.js';
export type { AnalyzedSentence, AnalyzedText } from './nlp/types.js';
