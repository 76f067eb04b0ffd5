import type { Polarity, PolarToken } from './polarity.js';

/** What the offline NLP layer makes of a text. */

export interface KeyPhraseOccurrence {
  /** Lemmatised, lower-case content words: the identity of the phrase ("pricing model"). */
  key: string;
  /** Its lemmas, for near-duplicate merging. */
  lemmas: string[];
  /** The words as spoken (lower-cased except proper nouns). */
  surface: string;
  /** Index of the sentence in `AnalyzedText.sentences`. */
  sentence: number;
}

export interface AnalyzedSentence {
  /** Exact substring of the analysed text. */
  text: string;
  start: number;
  end: number;
  /** wink-nlp sentiment, -1 (negative) .. +1 (positive). */
  sentiment: number;
  words: number;
  /** Lemmas of the content words (no stop words, no punctuation), lower case. */
  lemmas: string[];
  firstPerson: boolean;
  /** Contains a number, amount, percentage, date or duration. */
  specifics: number;
  /** Proper nouns past the first word (named systems, products, companies). */
  named: number;
  /** The sentence's word tokens, for polarity scoring in context. */
  tokens: PolarToken[];
  /** Word polarity without context (see polarity.ts). */
  polarity: Polarity;
}

export interface AnalyzedText {
  sentences: AnalyzedSentence[];
  phrases: KeyPhraseOccurrence[];
  /** Every content lemma of the text. */
  lemmas: Set<string>;
  words: number;
}
