import type { AnalyzedSentence } from '../nlp.js';
import type { PreparedEntry } from '../prepare.js';
import type { SalienceOf } from './themes.js';

/** A participant sentence in transcript order, with the summed salience of the themes it mentions. */
export interface SentenceRef {
  pe: PreparedEntry;
  index: number;
  sentence: AnalyzedSentence;
  position: number;
  themeScore: number;
}

export function sentenceRefs(entries: readonly PreparedEntry[], salienceOf: SalienceOf): SentenceRef[] {
  const refs: SentenceRef[] = [];
  let position = 0;
  for (const pe of entries) {
    pe.text.sentences.forEach((sentence, index) => {
      const keys = new Set(pe.text.phrases.filter((p) => p.sentence === index).map((p) => p.key));
      let themeScore = 0;
      for (const k of keys) themeScore += salienceOf(k);
      refs.push({ pe, index, sentence, position: position++, themeScore });
    });
  }
  return refs;
}
