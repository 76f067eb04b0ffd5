import winkNLP, {
  type WinkMethods,
  type PartOfSpeech,
  type Detail,
  type ItemEntity,
  type ItemSentence,
  type ItsFunction,
} from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { locateVerbatim, countWords } from './text.js';

/**
 * The offline NLP layer: a thin adapter over wink-nlp with its English lite model (sentence boundaries,
 * tokens, lemmas, POS tags, negation-aware lexicon sentiment, named entities). Everything here is
 * deterministic and runs without network access. Key phrases are noun-phrase chunks over wink's POS tags.
 */

type CoreFeature = { hash?: object; list?: unknown[] } & Record<string, unknown>;
type Core = { features: Record<string, CoreFeature> } & Record<string, unknown>;
let decodedCore: Core | null = null;
let metaCER: unknown = null;

/**
 * The language model with a copy-on-write core. wink-nlp decodes the model's core (a few hundred
 * milliseconds) for every instance, and an instance records each out-of-vocabulary word it meets in the
 * core's feature hashes and lists. Here the core is decoded once; each instance gets feature hashes that
 * inherit from the decoded ones (new words land in the instance's own layer) and copies of the lists, so a
 * fresh instance costs tens of milliseconds and learns nothing from other instances. This relies on the
 * internals of the pinned wink-nlp 2.4 / wink-eng-lite-web-model 1.8 (tested in test/analysis/nlp.test.ts).
 */
function isolatedModel(): typeof model {
  if (decodedCore === null) decodedCore = (model.core as unknown as () => Core)();
  // The model's metaCER loader re-stringifies its (module-level) machines on every call, so the string
  // doubles in size with every instance: load it once.
  if (metaCER === null) metaCER = (model.metaCER as unknown as () => unknown)();
  const meta = metaCER;
  const core = decodedCore;
  const overlay = (): Core => {
    const features: Record<string, CoreFeature> = {};
    for (const [k, f] of Object.entries(core.features)) {
      const copy: CoreFeature = { ...f };
      if (f.hash !== undefined && f.hash !== null) copy.hash = Object.create(f.hash) as object;
      if (Array.isArray(f.list)) copy.list = f.list.slice();
      features[k] = copy;
    }
    return { ...core, features };
  };
  return {
    ...model,
    core: overlay as unknown as (typeof model)['core'],
    metaCER: (() => meta) as unknown as (typeof model)['metaCER'],
  };
}

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

/** Nouns and adjectives too generic to name a theme on their own. */
const GENERIC_WORDS = new Set([
  'thing',
  'lot',
  'way',
  'kind',
  'sort',
  'bit',
  'stuff',
  'something',
  'anything',
  'everything',
  'nothing',
  'yeah',
  'yes',
  'um',
  'uh',
  'okay',
  'ok',
  'guy',
  'question',
  'point',
  'part',
  'time',
  'day',
  'week',
  'month',
  'year',
  'other',
  'same',
  'good',
  'great',
  'big',
  'little',
  'much',
  'many',
  'first',
  'last',
  'next',
  'sure',
  'real',
  'whole',
  'own',
  'able',
  'certain',
  'honest',
  'mean',
  'right',
  'sense',
  'end',
  'case',
  'example',
  'number',
  'people',
  'person',
  'one',
  'fact',
  'idea',
  'moment',
  'piece',
  'type',
  'level',
  'side',
  'place',
  'hand',
  'term',
]);

const FIRST_PERSON = new Set(['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves']);

/** Entity types that make a sentence concrete (numbers, amounts, durations, dates). */
const SPECIFIC_ENTITIES = new Set([
  'CARDINAL',
  'ORDINAL',
  'MONEY',
  'PERCENT',
  'DATE',
  'TIME',
  'DURATION',
  'MEASURE',
]);

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
}

export interface AnalyzedText {
  sentences: AnalyzedSentence[];
  phrases: KeyPhraseOccurrence[];
  /** Every content lemma of the text. */
  lemmas: Set<string>;
  words: number;
}

function analyzeWith(n: WinkMethods, text: string): AnalyzedText {
  const its = n.its;
  const doc = n.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out(its.value) as string[];
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
    for (let i = a; i <= b; i++) {
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
    });
  });

  const sentenceOf = (token: number): number => sentenceSpans.findIndex(([a, b]) => token >= a && token <= b);

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
      if (end >= i) addPhrase(Math.max(i, end - 2), end, sentence);
      i = j + 1;
    }
  });

  function addPhrase(a: number, b: number, sentence: number): void {
    const keep: number[] = [];
    for (let i = a; i <= b; i++) {
      // Numbers, amounts and durations are specifics, not themes; contractions ("'m") are no words.
      if (!isContent(i) || specificTokens.has(i) || contraction[i] || !/^\p{L}/u.test(lemmas[i] ?? ''))
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
