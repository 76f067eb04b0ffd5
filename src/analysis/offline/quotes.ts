import type { Blueprint } from '../../blueprint/schema.js';
import { questionAsked, timestampSecs, type PreparedEntry } from '../prepare.js';
import type { Quote, TranscriptEntry } from '../types.js';
import { sentenceRefs, type SentenceRef } from './sentences.js';
import type { SalienceOf } from './themes.js';

/**
 * Quotes: participant sentences of 8–40 words, scored by sentiment strength, first person, concrete
 * figures and theme mentions; at most one per turn; verbatim substrings of the entry.
 */

const MAX_QUOTES = 5;
const QUOTE_MIN_WORDS = 8;
const QUOTE_MAX_WORDS = 40;

export function selectQuotes(
  entries: readonly PreparedEntry[],
  transcript: readonly TranscriptEntry[],
  blueprint: Blueprint,
  salienceOf: SalienceOf,
): Quote[] {
  const refs = sentenceRefs(entries, salienceOf).filter(
    (r) => r.sentence.words >= QUOTE_MIN_WORDS && r.sentence.words <= QUOTE_MAX_WORDS,
  );
  const score = (r: SentenceRef): number =>
    1.5 * Math.abs(r.sentence.sentiment) +
    (r.sentence.firstPerson ? 0.5 : 0) +
    0.15 * Math.min(2, r.sentence.specifics) +
    0.15 * Math.min(3, r.themeScore) +
    (r.sentence.words >= 12 && r.sentence.words <= 30 ? 0.2 : 0);
  const ranked = refs
    .map((r) => ({ r, s: score(r) }))
    .filter((x) => x.s >= 0.6)
    .sort((a, b) => b.s - a.s || a.r.position - b.r.position);
  const usedEntries = new Set<string>();
  const chosen: SentenceRef[] = [];
  for (const { r } of ranked) {
    if (chosen.length >= MAX_QUOTES) break;
    if (usedEntries.has(r.pe.entry.id)) continue;
    usedEntries.add(r.pe.entry.id);
    chosen.push(r);
  }
  chosen.sort((a, b) => a.position - b.position);
  return chosen.map((r) => ({
    quote: r.sentence.text,
    speaker: 'participant' as const,
    context: questionAsked(r.pe.entry, transcript, blueprint),
    timestamp_secs: timestampSecs(r.pe.entry, r.sentence.start),
    transcript_entry_id: r.pe.entry.id,
    node_id: r.pe.entry.node_id,
  }));
}
