import type { Blueprint } from '../../blueprint/schema.js';
import { questionAsked, sentenceQuote, type PreparedEntry } from '../prepare.js';
import type { Quote, TranscriptEntry } from '../types.js';
import type { AnsweredQuestion } from './questions.js';
import type { SalienceOf } from './themes.js';

/**
 * Quotes: one per substantive answer (a question whose answers total at least SUBSTANTIVE_WORDS words),
 * in interview order, at most MAX_QUOTES (the most informative first when there are more). The quote is
 * the answer's most informative sentence — polar words, figures, named systems, theme mentions, first
 * person, a readable length — verbatim from its entry and attributed to the node it answered. A sentence
 * with none of these ("Um, no, I think that's the big one.") is never quoted. A short best sentence is
 * quoted with the sentence after it ("Month end. Every time, when we close the books."), and an answer
 * with a second strongly felt sentence gets a second quote while there is room under MAX_QUOTES.
 */

export const MAX_QUOTES = 12;
export const SUBSTANTIVE_WORDS = 8;
const MIN_WORDS = 4;

interface Candidate {
  pe: PreparedEntry;
  index: number;
  score: number;
  position: number;
}

function sentenceScore(pe: PreparedEntry, index: number, salienceOf: SalienceOf): number {
  const s = pe.text.sentences[index]!;
  const themes = new Set(pe.text.phrases.filter((p) => p.sentence === index).map((p) => p.key));
  let themeScore = 0;
  for (const k of themes) themeScore += salienceOf(k);
  const lengthFit = s.words >= 8 && s.words <= 35 ? 1 : s.words >= MIN_WORDS && s.words <= 50 ? 0.4 : 0;
  return (
    lengthFit +
    0.4 * Math.min(3, s.polarity.positive + s.polarity.negative) +
    0.3 * Math.min(3, s.specifics) +
    0.3 * Math.min(2, s.named) +
    0.4 * Math.min(2, themeScore) +
    (s.firstPerson ? 0.3 : 0)
  );
}

/** A sentence says something: a key phrase, a figure, a named system or a polar word. */
function informative(pe: PreparedEntry, index: number): boolean {
  const s = pe.text.sentences[index]!;
  return (
    s.specifics > 0 ||
    s.named > 0 ||
    s.polarity.hits.length > 0 ||
    pe.text.phrases.some((p) => p.sentence === index)
  );
}

/** A short best sentence ("Month end.") is quoted with the sentence after it, up to this many words. */
export const SPAN_MAX_WORDS = 30;
/** A second quote of an answer: another sentence at least this strong in polar weight. */
const SECOND_QUOTE_POLARITY = 2;

/** Sentences [index, end] of an entry as one verbatim quote (a span of the entry's own text). */
function spanQuote(pe: PreparedEntry, index: number, end: number) {
  const one = sentenceQuote(pe, index);
  if (end === index) return one;
  const last = pe.text.sentences[end]!;
  return { ...one, quote: pe.entry.content.slice(pe.text.sentences[index]!.start, last.end) };
}

/** The last sentence a quote of sentence `index` spans: the next one too when `index` is short. */
function spanEnd(pe: PreparedEntry, index: number): number {
  const s = pe.text.sentences[index]!;
  const next = pe.text.sentences[index + 1];
  if (s.words >= 8 || next === undefined || s.words + next.words > SPAN_MAX_WORDS) return index;
  return index + 1;
}

export function selectQuotes(
  questions: readonly AnsweredQuestion[],
  transcript: readonly TranscriptEntry[],
  blueprint: Blueprint,
  salienceOf: SalienceOf,
): Quote[] {
  const chosen: Candidate[] = [];
  const extra: Candidate[] = [];
  let position = 0;
  for (const q of questions) {
    if (q.words < SUBSTANTIVE_WORDS) continue;
    let best: Candidate | null = null;
    for (const pe of q.entries) {
      pe.text.sentences.forEach((s, index) => {
        const p = position++;
        if (s.words < MIN_WORDS || !informative(pe, index)) return;
        const score = sentenceScore(pe, index, salienceOf);
        if (best === null || score > best.score) best = { pe, index, score, position: p };
      });
    }
    if (best === null) continue;
    chosen.push(best);
    // A second, strongly felt sentence of the same answer ("Nobody reads the queue.") is quoted too.
    const first: Candidate = best;
    let second: Candidate | null = null;
    for (const pe of q.entries)
      pe.text.sentences.forEach((s, index) => {
        if (pe === first.pe && Math.abs(index - first.index) <= 1) return;
        if (s.words < MIN_WORDS || s.polarity.positive + s.polarity.negative < SECOND_QUOTE_POLARITY) return;
        const score = sentenceScore(pe, index, salienceOf);
        if (second === null || score > second.score) second = { pe, index, score, position: first.position };
      });
    if (second !== null) extra.push(second);
  }
  // Second quotes fill the room the first ones leave, the strongest first.
  const room = Math.max(0, MAX_QUOTES - chosen.length);
  chosen.push(...[...extra].sort((a, b) => b.score - a.score).slice(0, room));
  const order = (c: Candidate) => [c.pe.entry.offset_ms, c.pe.entry.turn_number, c.index] as const;
  chosen.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  const kept =
    chosen.length <= MAX_QUOTES
      ? chosen
      : [...chosen]
          .sort((a, b) => b.score - a.score || a.position - b.position)
          .slice(0, MAX_QUOTES)
          .sort((a, b) => a.position - b.position);
  return kept.map(({ pe, index }) => ({
    ...spanQuote(pe, index, spanEnd(pe, index)),
    speaker: 'participant' as const,
    context: questionAsked(pe.entry, transcript, blueprint),
  }));
}
