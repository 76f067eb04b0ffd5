import { WEAK_HEADS } from '../nlp/lexicon.js';
import { isPolarWord } from '../nlp/polarity.js';
import { sentenceQuote, type PreparedEntry } from '../prepare.js';
import { round } from '../text.js';
import { researcherLabel } from './theme-label.js';
import type { Theme } from '../types.js';

/**
 * Themes: noun-phrase key phrases of the participant's turns (wink-nlp POS chunks, lemmatised), scored
 * by frequency × phrase length × spread over questions (distinct nodes; turns without a node count
 * alone). Never yes/no tokens, fillers or generic words (nlp/lexicon.ts), never a lone weak head
 * ("team", "project"), never a phrase the caller excludes (typed answers such as a chosen option, the
 * interview's variables, the participant's name), never a lone verdict word as a single-mention filler. Each theme has a representative verbatim quote: the
 * most informative sentence that mentions it; near-duplicates (one phrase's lemmas contained in
 * another's, or Jaccard overlap ≥ 0.5) are merged; salience is the score relative to the top theme.
 * Labels are worded as a researcher's theme (theme-label.ts): the most specific spelling, the verdict the
 * participant predicated of it, sentence case.
 */

const MAX_THEMES = 8;

/** Salience (0..1) of the theme a key phrase belongs to; 0 for phrases outside every theme. */
export type SalienceOf = (phraseKey: string) => number;

interface Candidate {
  key: string;
  lemmas: string[];
  surfaces: Map<string, number>;
  freq: number;
  entries: Set<string>;
  spread: Set<string>;
  first: number;
  score: number;
}

interface ThemeGroup {
  members: Candidate[];
  lemmas: Set<string>;
  freq: number;
  entries: Set<string>;
  score: number;
}

function isNearDuplicate(a: readonly string[], b: Set<string>): boolean {
  const sa = new Set(a);
  let inter = 0;
  for (const l of sa) if (b.has(l)) inter++;
  if (inter === 0) return false;
  if (inter === sa.size || inter === b.size) return true; // one contained in the other
  const union = sa.size + b.size - inter;
  return inter / union >= 0.5;
}

/** The most frequent spelling, case-insensitively; the lower-case spelling when there is one. */
function bestSurface(c: Candidate): string {
  const byLower = new Map<string, { count: number; forms: string[] }>();
  for (const [s, n] of c.surfaces) {
    const k = s.toLowerCase();
    const g = byLower.get(k) ?? { count: 0, forms: [] };
    g.count += n;
    g.forms.push(s);
    byLower.set(k, g);
  }
  const [lower, group] = [...byLower.entries()].sort(
    (x, y) => y[1].count - x[1].count || (x[0] < y[0] ? -1 : 1),
  )[0]!;
  if (group.forms.includes(lower)) return lower;
  return [...group.forms].sort(
    (x, y) => (c.surfaces.get(y) ?? 0) - (c.surfaces.get(x) ?? 0) || (x < y ? -1 : 1),
  )[0]!;
}

/** A phrase that is, or ends in, an excluded word or phrase (singular or plural). */
function isExcluded(key: string, exclude: ReadonlySet<string>): boolean {
  const singular = key.replace(/s$/, '');
  const head = key.split(' ').at(-1)!;
  if ([key, singular, head, head.replace(/s$/, '')].some((k) => exclude.has(k))) return true;
  // The tail of a captured phrase ("fulfilment operations" of the title "director of fulfilment
  // operations") is already stated by the captured field.
  if (key.includes(' '))
    for (const e of exclude) if (e.endsWith(` ${key}`) || e.endsWith(` ${singular}`)) return true;
  return false;
}

/** Themes to name at least, with single mentions when too few phrases recur: more for longer interviews. */
export function minimumThemes(participantWords: number): number {
  return participantWords >= 150 ? 5 : 3;
}

export function extractThemes(
  entries: readonly PreparedEntry[],
  exclude: ReadonlySet<string> = new Set(),
  typedNodes: ReadonlySet<string> = new Set(),
): {
  themes: Theme[];
  salienceOf: SalienceOf;
  /** The label of the theme a phrase belongs to; undefined when it is in none. */
  themeLabelOf: (phraseKey: string) => string | undefined;
} {
  const candidates = new Map<string, Candidate>();
  let position = 0;
  for (const pe of entries) {
    for (const ph of pe.text.phrases) {
      if (isExcluded(ph.key, exclude) || (ph.lemmas.length === 1 && WEAK_HEADS.has(ph.key))) continue;
      let c = candidates.get(ph.key);
      if (c === undefined) {
        c = {
          key: ph.key,
          lemmas: ph.lemmas,
          surfaces: new Map(),
          freq: 0,
          entries: new Set(),
          spread: new Set(),
          first: position,
          score: 0,
        };
        candidates.set(ph.key, c);
      }
      // Elaborations of a typed answer (yes/no, choice, rating) weigh half: the value is the answer.
      c.freq += typedNodes.has(pe.entry.node_id ?? '') ? 0.5 : 1;
      c.entries.add(pe.entry.id);
      c.spread.add(pe.entry.node_id ?? pe.entry.id);
      c.surfaces.set(ph.surface, (c.surfaces.get(ph.surface) ?? 0) + 1);
      position++;
    }
  }
  for (const c of candidates.values()) {
    c.score = c.freq * (1 + 0.6 * (c.lemmas.length - 1)) * (1 + 0.5 * (c.spread.size - 1));
  }
  const ordered = [...candidates.values()].sort(
    (a, b) => b.score - a.score || a.first - b.first || (a.key < b.key ? -1 : 1),
  );

  const groups: ThemeGroup[] = [];
  const groupOf = new Map<string, ThemeGroup>();
  for (const c of ordered) {
    const target = groups.find((g) => isNearDuplicate(c.lemmas, g.lemmas));
    if (target !== undefined) {
      target.members.push(c);
      for (const l of c.lemmas) target.lemmas.add(l);
      target.freq += c.freq;
      for (const id of c.entries) target.entries.add(id);
      target.score += c.score / 2;
      groupOf.set(c.key, target);
    } else {
      const g: ThemeGroup = {
        members: [c],
        lemmas: new Set(c.lemmas),
        freq: c.freq,
        entries: new Set(c.entries),
        score: c.score,
      };
      groups.push(g);
      groupOf.set(c.key, g);
    }
  }
  groups.sort((a, b) => b.score - a.score || a.members[0]!.first - b.members[0]!.first);

  // Recurring phrases first; single mentions only to reach three themes in a short interview.
  const recurring = groups.filter((g) => g.freq >= 2);
  const minimum = minimumThemes(entries.reduce((n, pe) => n + pe.text.words, 0));
  const chosen = recurring.slice(0, MAX_THEMES);
  // Precision over recall: a single mention fills in only when it names a topic — not a lone word of
  // the polarity lexicon ("mess", "shame"), which is a verdict on something else.
  for (const g of groups) {
    if (chosen.length >= minimum) break;
    const lone = g.members.length === 1 && g.members[0]!.lemmas.length === 1;
    if (lone && isPolarWord(g.members[0]!.lemmas[0]!)) continue;
    if (!chosen.includes(g)) chosen.push(g);
  }
  chosen.sort((a, b) => b.score - a.score || a.members[0]!.first - b.members[0]!.first);

  const maxScore = chosen[0]?.score ?? 1;
  const order = new Map(entries.map((pe, i) => [pe.entry.id, i]));
  const themes: Theme[] = chosen.map((g) => {
    const evidence = [...g.entries].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return {
      label: researcherLabel(g.members[0]!, g.members, entries, bestSurface),
      salience: round(g.score / maxScore, 3),
      evidence_count: evidence.length,
      evidence,
      quote: representativeQuote(g, entries),
    };
  });
  const salienceByGroup = new Map(chosen.map((g) => [g, g.score / maxScore]));
  const salienceOf = (phraseKey: string): number => {
    const g = groupOf.get(phraseKey);
    if (g === undefined) return 0;
    return salienceByGroup.get(g) ?? Math.min(0.2, g.score / maxScore);
  };
  const labelByGroup = new Map(chosen.map((g, i) => [g, themes[i]!.label]));
  const themeLabelOf = (phraseKey: string): string | undefined => {
    const g = groupOf.get(phraseKey);
    return g === undefined ? undefined : labelByGroup.get(g);
  };
  return { themes, salienceOf, themeLabelOf };
}

/**
 * The sentence that best represents a theme: among the sentences that mention one of its phrases, the one
 * with the most other phrases and figures, preferring 6–40 words; verbatim from its entry.
 */
function representativeQuote(g: ThemeGroup, entries: readonly PreparedEntry[]): Theme['quote'] {
  const keys = new Set(g.members.map((m) => m.key));
  let best: { pe: PreparedEntry; index: number; score: number } | null = null;
  for (const pe of entries) {
    pe.text.sentences.forEach((s, index) => {
      const inSentence = pe.text.phrases.filter((p) => p.sentence === index);
      if (!inSentence.some((p) => keys.has(p.key))) return;
      const score =
        (s.words >= 6 && s.words <= 40 ? 2 : 0) + 0.3 * inSentence.length + 0.2 * Math.min(3, s.specifics);
      if (best === null || score > best.score) best = { pe, index, score };
    });
  }
  if (best === null) return null;
  const { pe, index } = best as { pe: PreparedEntry; index: number };
  return sentenceQuote(pe, index);
}
