import type { PolarToken, PolarityHit } from './polarity.js';

/**
 * Negatives said without a negative word — how people under-state a complaint in a short answer:
 *
 * - Faint praise: a lukewarm verdict hedged by the speaker ("It was fine I guess.", "okay, I suppose")
 *   or denied distinction ("Nothing special.", "nothing to write home about") reads as a mild complaint.
 * - Disuse: "use" under a negation or a rarity word ("Didn't use it much.", "I barely use it", "we
 *   rarely use it") says the product is not part of the speaker's work. ("Hardly ever now." alone is
 *   left to its words: the main set reads it as a neutral statement of frequency.)
 * - A wish for improvement: "Better reporting." names what is lacking (wishAt).
 * - Reluctance: an obligation given as the whole reason ("Daily. Have to.", "because we have to") says
 *   the speaker uses it without wanting to.
 *
 * Each adds one hit of FAINT_WEIGHT (below a full polar word: it is an understatement) and needs no
 * lexicon word; a sentence already carrying polar words is left to them (a mild word that is the cue
 * itself, "hardly", is raised to FAINT_WEIGHT).
 */

export const FAINT_WEIGHT = -1.5;

const LUKEWARM = new Set(['fine', 'okay', 'ok', 'alright', 'decent', 'adequate']);
const HEDGES = new Set(['guess', 'suppose', 'spose', 'reckon']);
const DISTINCTION = new Set(['special', 'amazing', 'exciting', 'spectacular']);
const RARITY = new Set(['not', "n't", 'never', 'hardly', 'barely', 'rarely', 'seldom']);
const OBLIGED = new Set(['have', 'has', 'got', 'gotta']);

const words = (tokens: readonly PolarToken[]) => tokens.filter((t) => t.pos !== 'PUNCT');

function faintPraise(tokens: readonly PolarToken[]): number {
  const w = words(tokens);
  const lukewarm = w.findIndex((t) => LUKEWARM.has(t.normal));
  if (lukewarm >= 0 && w.some((t, i) => HEDGES.has(t.normal) && Math.abs(i - lukewarm) <= 3)) return lukewarm;
  for (let i = 0; i + 1 < w.length; i++)
    if (w[i]!.normal === 'nothing' && DISTINCTION.has(w[i + 1]!.normal)) return i;
  return -1;
}

function disuse(tokens: readonly PolarToken[]): number {
  const w = words(tokens);
  for (let i = 0; i < w.length; i++) {
    if (w[i]!.lemma !== 'use' || w[i]!.pos !== 'VERB') continue;
    for (let k = i - 1; k >= Math.max(0, i - 3); k--) if (RARITY.has(w[k]!.normal)) return i;
  }
  return -1;
}

function reluctance(tokens: readonly PolarToken[]): number {
  const w = words(tokens);
  for (let i = 0; i + 1 < w.length; i++) {
    if (!OBLIGED.has(w[i]!.normal) || w[i + 1]!.normal !== 'to') continue;
    // The obligation is the whole sentence ("Have to."), or its reason ("because we have to").
    const rest = w.length - (i + 2);
    const before = w[i - 1]?.normal;
    const reason = before === 'because' || w[i - 2]?.normal === 'because';
    if (rest === 0 && (i === 0 || reason || ['i', 'we', 'you'].includes(before ?? ''))) return i;
  }
  return -1;
}

const COMPARATIVES = new Set([
  'better',
  'faster',
  'easier',
  'simpler',
  'cheaper',
  'clearer',
  'more',
  'fewer',
]);

/**
 * A wish for improvement: a verbless fragment that opens with a comparative and names what should
 * improve ("Better reporting.", "Faster exports, mostly.") says the thing is lacking now. Not a
 * comparison ("Better than the old one.") nor a quality ("Easier to use.").
 */
export function wishAt(tokens: readonly PolarToken[]): number {
  const w = words(tokens);
  if (
    w.length < 2 ||
    w.length > 4 ||
    !COMPARATIVES.has(w[0]!.normal) ||
    ['than', 'to'].includes(w[1]!.normal)
  )
    return -1;
  return tokens.indexOf(w[0]!);
}

/** The understatement hits of a sentence's tokens (indexes into `tokens`), when it has no polar hit. */
export function understatementHits(tokens: readonly PolarToken[], existing: PolarityHit[]): PolarityHit[] {
  const wish = wishAt(tokens);
  if (wish >= 0) {
    // The comparative's own praise ("better") is the wish: it reads as the lack, not as praise.
    for (const h of existing) if (h.index === wish) h.score = FAINT_WEIGHT;
    return existing.some((h) => h.index === wish) ? [] : [{ index: wish, score: FAINT_WEIGHT }];
  }
  // A full polar word already says it; a mild one on the same word ("hardly") is raised to the cue.
  if (existing.some((h) => Math.abs(h.score) >= Math.abs(FAINT_WEIGHT))) return [];
  const w = words(tokens);
  const toIndex = (wordIndex: number) => tokens.indexOf(w[wordIndex]!);
  for (const rule of [faintPraise, disuse, reluctance]) {
    const at = rule(tokens);
    if (at < 0) continue;
    const index = toIndex(at);
    const same = existing.find((h) => h.index === index);
    if (same !== undefined) {
      same.score = Math.min(same.score, FAINT_WEIGHT);
      return [];
    }
    return existing.length > 0 ? [] : [{ index, score: FAINT_WEIGHT }];
  }
  return [];
}
