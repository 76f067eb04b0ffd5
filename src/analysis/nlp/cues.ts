import type { PolarToken, PolarityHit } from './polarity.js';

/**
 * Clause-level context cues applied on top of the word lexicon (polarity.ts), each a general reading
 * rule of spoken answers rather than a word list for one interview:
 *
 * - Doubted praise: praise after "supposedly", "apparently", "allegedly", "in theory", "on paper",
 *   "meant to be" / "supposed to be" in the same clause is reported, not held: it reads as a mild
 *   complaint ("your onboarding was supposedly the best" → -0.75 × its weight).
 * - Reported outcomes: "ended up …", "rolled (it) back", "gave up", "by hand" report an unwanted result
 *   (negative); a reduction verb ("cut", "reduced", "halved", "dropped") with a quantity in the same
 *   sentence reports an improvement ("cut our cloud bill by a third", positive).
 * - Contrast: in a sentence with "but" / "however", what comes after weighs more (×1.3) than what came
 *   before (×0.6): "the demo was impressive, but the trial was rough" leans negative.
 */

const DOUBT = new Set(['supposedly', 'apparently', 'allegedly', 'reportedly', 'seemingly', 'so-called']);
const DOUBT_PAIRS = new Set(['in theory', 'on paper', 'meant to', 'supposed to']);
const CONTRAST = new Set(['but', 'however']);
const REDUCE = new Set(['cut', 'reduce', 'halve', 'drop', 'shrink', 'lower', 'decrease', 'slash']);
const QUANTITY = /^(\d[\d.,]*%?|half|third|quarter|percent|per|twice|thirds|quarters)$/;
const NUMBER_WORD =
  /^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)$/;

/** Phrase cues: two tokens (lemma of the first, normal of the second) and their signed weight. */
const OUTCOME_PAIRS: Record<string, number> = {
  'end up': -1.5,
  'by hand': -1,
  // "It just worked": it did what was needed without trouble.
  'just worked': 2,
  'just works': 2,
};
/** Phrasal verbs whose particle may follow the object ("rolled half of it back"), within 4 tokens. */
const PHRASAL: Record<string, { particle: string; score: number }> = {
  roll: { particle: 'back', score: -2 },
  give: { particle: 'up', score: -2 },
};

function particleAt(tokens: readonly PolarToken[], i: number, particle: string): number {
  for (let k = i + 1; k <= Math.min(tokens.length - 1, i + 4); k++) {
    if (tokens[k]!.pos === 'PUNCT') return -1;
    if (tokens[k]!.normal === particle) return k;
  }
  return -1;
}

export const CONTRAST_WEIGHTS = { before: 0.6, after: 1.3 } as const;
export const DOUBT_WEIGHT = -0.75;

function doubted(tokens: readonly PolarToken[], i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 6); k--) {
    const t = tokens[k]!;
    if (t.pos === 'PUNCT' && t.normal !== '-') return false;
    if (DOUBT.has(t.normal)) return true;
    const pair = `${t.normal} ${tokens[k + 1]?.normal ?? ''}`;
    if (DOUBT_PAIRS.has(pair)) return true;
  }
  return false;
}

/** Hits the phrase cues add (outcomes and improvements), not already scored by the lexicon. */
export function cueHits(tokens: readonly PolarToken[], taken: ReadonlySet<number>): PolarityHit[] {
  const hits: PolarityHit[] = [];
  const hasQuantity = tokens.some((t) => QUANTITY.test(t.normal) || NUMBER_WORD.test(t.normal));
  for (let i = 0; i < tokens.length; i++) {
    if (taken.has(i)) continue;
    const t = tokens[i]!;
    const next = tokens[i + 1]?.normal;
    const pair = OUTCOME_PAIRS[`${t.lemma} ${next ?? ''}`] ?? OUTCOME_PAIRS[`${t.normal} ${next ?? ''}`];
    if (pair !== undefined) {
      hits.push({ index: i, score: pair });
      i++;
      continue;
    }
    const phrasal = PHRASAL[t.lemma];
    if (phrasal !== undefined && particleAt(tokens, i, phrasal.particle) > 0) {
      hits.push({ index: i, score: phrasal.score });
      continue;
    }
    if (REDUCE.has(t.lemma) && t.pos === 'VERB' && hasQuantity) hits.push({ index: i, score: 2 });
  }
  return hits;
}

/** Applies doubt and contrast to the sentence's hits (in place) and returns them. */
export function applyClauseCues(tokens: readonly PolarToken[], hits: PolarityHit[]): PolarityHit[] {
  let contrast = -1;
  for (let k = 1; k < tokens.length; k++) if (CONTRAST.has(tokens[k]!.normal)) contrast = k;
  for (const h of hits) {
    if (h.score > 0 && doubted(tokens, h.index)) h.score = Math.abs(h.score) * DOUBT_WEIGHT;
    if (contrast > 0) h.score *= h.index < contrast ? CONTRAST_WEIGHTS.before : CONTRAST_WEIGHTS.after;
  }
  return hits;
}
