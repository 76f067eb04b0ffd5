import type { PreparedEntry } from '../prepare.js';
import { clamp } from '../text.js';
import { sentenceRefs, type SentenceRef } from './sentences.js';
import type { SalienceOf } from './themes.js';

/**
 * Summary: extractive — participant sentences scored by the salience of the themes they mention (damped
 * by length), with a bonus for the first sentence of an answer and for concrete figures; the best
 * sentence of each question first (breadth), redundant sentences skipped, then transcript order.
 */

function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

export function extractSummary(entries: readonly PreparedEntry[], salienceOf: SalienceOf): string {
  const all = sentenceRefs(entries, salienceOf);
  const substantial = all.filter((r) => r.sentence.words >= 6);
  const pool = substantial.length > 0 ? substantial : all;
  const k = clamp(Math.round(pool.length / 5), 2, 5);
  const score = (r: SentenceRef): number =>
    r.themeScore / (1 + r.sentence.words / 25) +
    (r.index === 0 ? 0.2 : 0) +
    0.1 * Math.min(2, r.sentence.specifics);
  const ranked = [...pool].sort((a, b) => score(b) - score(a) || a.position - b.position);

  const chosen: SentenceRef[] = [];
  const redundant = (r: SentenceRef) =>
    chosen.some((c) => jaccard(c.sentence.lemmas, r.sentence.lemmas) > 0.5);
  // Breadth first: the best sentence of each question, then the best of the rest.
  const coveredQuestions = new Set<string | null>();
  for (const r of ranked) {
    if (chosen.length >= k) break;
    if (coveredQuestions.has(r.pe.questionKey) || redundant(r)) continue;
    coveredQuestions.add(r.pe.questionKey);
    chosen.push(r);
  }
  for (const r of ranked) {
    if (chosen.length >= k) break;
    if (chosen.includes(r) || redundant(r)) continue;
    chosen.push(r);
  }
  chosen.sort((a, b) => a.position - b.position);
  return chosen.map((r) => r.sentence.text).join(' ');
}
