import type { WinkMethods, PartOfSpeech, Detail, ItemEntity, ItemSentence, ItsFunction } from 'wink-nlp';
import { locateVerbatim, countWords } from '../text.js';
import { FIRST_PERSON, GENERIC_WORDS, SPECIFIC_ENTITIES } from './lexicon.js';
import { scorePolarity, type PolarToken } from './polarity.js';
import type { AnalyzedSentence, AnalyzedText, KeyPhraseOccurrence } from './types.js';

/**
 * Analyses one text with a wink-nlp instance: sentences (verbatim substrings, sentiment, content lemmas,
 * first person, concrete figures) and key phrases, the noun-phrase chunks over wink's POS tags.
 */
export function analyzeWith(n: WinkMethods, text: string): AnalyzedText {
  const its = n.its;
  const doc = n.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out(its.value) as string[];
  // interop: wink-nlp types its.lemma without the ItsFunction signature tokens.out expects
  const lemmas = tokens.out(its.lemma as unknown as ItsFunction<string>) as string[];
  const normals = tokens.out(its.normal) as string[];
  const pos = tokens.out(its.pos) as PartOfSpeech[];
  const types = tokens.out(its.type) as string[];
  const stop = tokens.out(its.stopWordFlag) as boolean[];
  const contraction = tokens.out(its.contractionFlag) as boolean[];

  const isContent = (i: number): boolean =>
    types[i] === 'word' &&
    !stop[i] &&
    pos[i] !== 'PRON' &&
    pos[i] !== 'DET' &&
    pos[i] !== 'AUX' &&
    pos[i] !== 'INTJ' &&
    (lemmas[i] ?? '').length >= 2 &&
    // Unsplit contractions ("I'm", "we'd") are function words.
    !/['\u2019]/.test(lemmas[i] ?? '');

  // Specific entities by token range.
  const specificTokens = new Set<number>();
  doc.entities().each((e: ItemEntity) => {
    const detail = e.out(its.detail) as Detail;
    if (!SPECIFIC_ENTITIES.has(detail.type)) return;
    const [a, b] = e.out(its.span) as number[];
    for (let i = a ?? 0; i <= (b ?? -1); i++) specificTokens.add(i);
  });

  const sentences: AnalyzedSentence[] = [];
  const sentenceSpans: Array<[number, number]> = [];
  let cursor = 0;
  doc.sentences().each((s: ItemSentence) => {
    const raw = s.out() as string;
    const span = s.out(its.span) as number[];
    const located = locateVerbatim(text, raw, cursor);
    if (located === null || located.text.length === 0) return;
    cursor = located.end;
    const a = span[0] ?? 0;
    const b = span[1] ?? -1;
    const sLemmas: string[] = [];
    let firstPerson = false;
    let specifics = 0;
    let named = 0;
    const sTokens: PolarToken[] = [];
    for (let i = a; i <= b; i++) {
      if (types[i] === 'word' || types[i] === 'punctuation')
        sTokens.push({
          normal: (normals[i] ?? '').toLowerCase().replace('\u2019', "'"),
          lemma: (lemmas[i] ?? '').toLowerCase(),
          pos: pos[i] ?? 'X',
        });
      // Named systems, products, companies: proper nouns that do not open the sentence.
      if (
        pos[i] === 'PROPN' &&
        i > a &&
        /^\p{Lu}\p{L}/u.test(values[i] ?? '') &&
        !/['\u2019]/.test(values[i] ?? '') &&
        !specificTokens.has(i)
      )
        named++;
      if (isContent(i)) sLemmas.push((lemmas[i] ?? '').toLowerCase());
      const normal = (normals[i] ?? '').replace('\u2019', "'");
      if (FIRST_PERSON.has(normal) || /^(i|we)'/.test(normal)) firstPerson = true;
      if (specificTokens.has(i)) specifics++;
    }
    sentenceSpans.push([a, b]);
    sentences.push({
      text: located.text,
      start: located.start,
      end: located.end,
      sentiment: Number(s.out(its.sentiment)),
      words: countWords(located.text),
      lemmas: sLemmas,
      firstPerson,
      specifics,
      named,
      tokens: sTokens,
      polarity: scorePolarity(sTokens),
    });
  });

  // Noun-phrase chunks: maximal runs of adjectives and nouns inside a sentence, ending in a noun, at most
  // three words (English noun phrases are head-final, so longer runs keep their last three words).
  const phrases: KeyPhraseOccurrence[] = [];
  const isChunkPos = (i: number) => pos[i] === 'ADJ' || pos[i] === 'NOUN' || pos[i] === 'PROPN';
  const isNoun = (i: number) => pos[i] === 'NOUN' || pos[i] === 'PROPN';
  sentenceSpans.forEach(([sa, sb], sentence) => {
    let i = sa;
    while (i <= sb) {
      if (!isChunkPos(i)) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 <= sb && isChunkPos(j + 1)) j++;
      let end = j;
      while (end >= i && !isNoun(end)) end--;
      // A lone word joined to a hyphen is a fragment of a compound ("brother-in-law" → "law"): no phrase.
      const fragment = i === j && (values[i - 1] === '-' || values[j + 1] === '-');
      if (end >= i && !fragment) addPhrase(Math.max(i, end - 2), end, sentence);
      i = j + 1;
    }
  });

  function addPhrase(a: number, b: number, sentence: number): void {
    const keep: number[] = [];
    for (let i = a; i <= b; i++) {
      // Numbers, amounts and durations are specifics, not themes; contractions ("'m") are no words.
      // Abbreviation-like tokens ("No.", "in.") are sentence ends the tokenizer kept, not words.
      if (
        !isContent(i) ||
        specificTokens.has(i) ||
        contraction[i] ||
        !/^\p{L}[\p{L}\p{N}'\u2019-]*$/u.test(lemmas[i] ?? '')
      )
        continue;
      keep.push(i);
    }
    // A phrase made only of generic words ("good thing") is no theme.
    if (!keep.some((i) => !GENERIC_WORDS.has((lemmas[i] ?? '').toLowerCase()))) return;
    // Drop generic words at the edges ("big problem" keeps "problem").
    while (keep.length > 0 && GENERIC_WORDS.has((lemmas[keep[0]!] ?? '').toLowerCase())) keep.shift();
    while (keep.length > 0 && GENERIC_WORDS.has((lemmas[keep[keep.length - 1]!] ?? '').toLowerCase()))
      keep.pop();
    // Adjective-only remainders ("fantastic") are not key phrases.
    if (!keep.some(isNoun)) return;
    const pl = keep.map((i) => (lemmas[i] ?? '').toLowerCase());
    if (pl.join('').length < 3) return;
    const surface = keep
      .map((i) => (pos[i] === 'PROPN' ? (values[i] ?? '') : (values[i] ?? '').toLowerCase()))
      .join(' ');
    phrases.push({ key: pl.join(' '), lemmas: pl, surface, sentence });
  }

  const all = new Set<string>();
  for (const s of sentences) for (const l of s.lemmas) all.add(l);
  return { sentences, phrases, lemmas: all, words: countWords(text) };
}
