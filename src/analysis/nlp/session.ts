import winkNLP, { type WinkMethods } from 'wink-nlp';
import { analyzeWith } from './analyze.js';
import { isolatedModel } from './model.js';
import type { AnalyzedText } from './types.js';

/**
 * One isolated wink-nlp instance. wink-nlp learns every out-of-vocabulary word it meets, and what it has
 * learned changes how later texts are tokenised and tagged ("Northwind's" becomes one token once it has
 * been seen at the end of a sentence). A result must not depend on what was analysed before, so every
 * analysis uses a fresh session (see isolatedModel) and reads all its texts once before analysing them
 * (`prime`), which also makes each text's analysis independent of the order within it.
 */
export class NlpSession {
  private readonly n: WinkMethods;

  constructor() {
    this.n = winkNLP(isolatedModel());
  }

  /** Lets the session meet every word of the texts before any of them is analysed. */
  prime(texts: Iterable<string>): void {
    for (const t of texts) this.n.readDoc(t);
  }

  analyze(text: string): AnalyzedText {
    return analyzeWith(this.n, text);
  }

  /** Lemmas of the content words of a short text (criterion descriptions, labels). */
  contentLemmas(text: string): string[] {
    return this.analyze(text).sentences.flatMap((s) => s.lemmas);
  }
}

let shared: NlpSession | null = null;
let sharedUses = 0;
/** The shared session is replaced after this many texts so that memory stays bounded. */
const RECYCLE_AFTER = 5_000;

/**
 * Analyses one text with a long-lived shared session: for uses where only sentence boundaries matter
 * (the responses builder's fallback summary). Analyses that must be reproducible use an NlpSession.
 */
export function analyzeText(text: string): AnalyzedText {
  if (shared === null || sharedUses >= RECYCLE_AFTER) {
    shared = new NlpSession();
    sharedUses = 0;
  }
  sharedUses++;
  return shared.analyze(text);
}
