import type { Polarity, PolarToken } from './polarity.js';

/**
 * Problem-and-resolution narratives. A participant who tells how they solved something first describes
 * the problem ("the nightly load used to take seven hours and failed twice a week"), then what came of
 * it ("the load now takes forty minutes"). The problem's words are the story, not a verdict on the
 * subject: when an answer reports a resolution, the problem words of its past-tense sentences weigh a
 * quarter (feelings such as "hated" or "frustrated" keep their weight — they are the speaker's own view),
 * and the resolution itself counts as clear positive evidence.
 *
 * A resolution is a sentence that reports an improvement with a figure or a comparison:
 * - a reduction with a quantity ("cut our cloud bill by a third") — the lexicon's cue (cues.ts);
 * - a measured change: "went / got / came" + "up" / "down" / "from … to" with a quantity ("got p95 down
 *   to a hundred and forty milliseconds", "went from two failures a week to one a quarter");
 * - a problem word under "zero" / "no" with a quantity or time ("zero failed payout runs in eight
 *   months", "no medication errors in the first year");
 * - "now" with a quantity ("the load now takes forty minutes").
 * A sentence that also names a worsening in the change's clause ("slower", "worse", "overran"), or a
 * hypothetical ("if", "would"), is none.
 */

export const NARRATIVE = {
  /** Weight of a past-tense problem word once the answer reports a resolution. */
  problem: 0.25,
  /** The least positive weight a resolution sentence carries. */
  resolution: 2.5,
} as const;

const FEELINGS =
  /^(hate|hated|love|loved|frustrat\w*|annoy\w*|stress\w*|disappoint\w*|unhappy|sad|worried|worry|nervous|tired|bored|furious|embarrass\w*|sorry)$/;
const PAST_AUX = new Set(['was', 'were', 'had', 'did', 'used', "wasn't", "weren't", "didn't", "hadn't"]);
const PRESENT_BE = new Set(['is', 'are', 'am', "'re", "'m", "'s", 'be']);
const CHANGE = new Set(['go', 'get', 'come', 'fall', 'rise', 'bring', 'drop']);
const DIRECTION = new Set(['up', 'down', 'from']);
const WORSE = new Set(['slower', 'worse', 'overran', 'overrun', 'longer', 'later', 'higher']);
const QUANTITY =
  /^(\d[\d.,]*%?|half|third|quarter|percent|twice|thirds|quarters|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)$/;
const QUANTIFIED_NEGATORS = new Set(['zero', 'no']);

export interface NarrativeSentence {
  tokens: readonly PolarToken[];
  polarity: Polarity;
}

/** A sentence in the past tense: a past auxiliary or a verb inflected away from its lemma ("failed"). */
export function isPastTense(tokens: readonly PolarToken[]): boolean {
  if (tokens.some((t) => t.normal === 'now')) return false;
  return tokens.some(
    (t) =>
      PAST_AUX.has(t.normal) ||
      ((t.pos === 'VERB' || t.pos === 'AUX') &&
        t.normal !== t.lemma &&
        !PRESENT_BE.has(t.normal) &&
        !/(s|ing)$/.test(t.normal)),
  );
}

const hasQuantity = (tokens: readonly PolarToken[]) => tokens.some((t) => QUANTITY.test(t.normal));

/** Token index range [a, b] of the clause around index i (punctuation and "but" bound it). */
function clauseOf(tokens: readonly PolarToken[], i: number): [number, number] {
  const bound = (t: PolarToken) => (t.pos === 'PUNCT' && t.normal !== '-') || t.normal === 'but';
  let a = i;
  while (a > 0 && !bound(tokens[a - 1]!)) a--;
  let b = i;
  while (b < tokens.length - 1 && !bound(tokens[b + 1]!)) b++;
  return [a, b];
}

/**
 * The clause of a sentence that reports a resolution (and whether it is a measured reduction, which
 * needs no problem told before it), or null (see the module comment).
 */
export function resolutionClause(
  s: NarrativeSentence,
): { clause: [number, number]; reduction: boolean } | null {
  const { tokens } = s;
  // A hypothetical ("if the price goes up five percent") reports nothing.
  if (!hasQuantity(tokens) || tokens.some((t) => /^(if|would|could)$|'d$/.test(t.normal))) return null;
  let at = -1;
  // The lexicon's measured reduction ("cut … by a third") is already a positive cue hit.
  for (const h of s.polarity.hits)
    if (h.score > 0 && /^(cut|reduce|halve|drop|shrink|lower|decrease|slash)$/.test(tokens[h.index]!.lemma))
      at = h.index;
  const reduction = at >= 0;
  for (let i = 0; at < 0 && i < tokens.length; i++) {
    const t = tokens[i]!;
    if (CHANGE.has(t.lemma) && t.pos !== 'NOUN') {
      for (let k = i + 1; k <= Math.min(tokens.length - 1, i + 4); k++)
        if (DIRECTION.has(tokens[k]!.normal)) at = i;
    } else if (t.normal === 'now') at = i;
    else if (QUANTIFIED_NEGATORS.has(t.normal)) {
      const next = s.polarity.hits.find((h) => h.index > i && h.index <= i + 3);
      if (next !== undefined && next.score > 0) at = i;
    }
  }
  if (at < 0) return null;
  const [a, b] = clauseOf(tokens, at);
  for (let k = a; k <= b; k++) if (WORSE.has(tokens[k]!.normal)) return null;
  return { clause: [a, b], reduction };
}

const isFeeling = (t: PolarToken) => FEELINGS.test(t.normal) || FEELINGS.test(t.lemma);

/** A problem the answer describes: a non-feeling problem word in a past-tense sentence or in the clause. */
function describesProblem(
  sentences: readonly NarrativeSentence[],
  found: readonly (ReturnType<typeof resolutionClause> | null)[],
): boolean {
  return sentences.some((s, i) => {
    const r = found[i];
    return s.polarity.hits.some(
      (h) =>
        h.score < 0 &&
        !isFeeling(s.tokens[h.index]!) &&
        (r != null ? h.index >= r.clause[0] && h.index <= r.clause[1] : isPastTense(s.tokens)),
    );
  });
}

/**
 * Each sentence's polarity read as part of the answer's narrative: unchanged when no sentence reports a
 * resolution; otherwise past-tense problem words (and the reduced problem inside the resolution's own
 * clause) weigh NARRATIVE.problem and each resolution sentence carries at least NARRATIVE.resolution.
 */
export function narrativePolarity(
  sentences: readonly NarrativeSentence[],
): { positive: number; negative: number; resolution: boolean }[] {
  const found = sentences.map(resolutionClause);
  // A measured change or "now" resolves something only when the answer tells a problem; a measured
  // reduction is an improvement on its own.
  const problem = describesProblem(sentences, found);
  const clauses = found.map((r) => (r !== null && (r.reduction || problem) ? r.clause : null));
  if (clauses.every((c) => c === null))
    return sentences.map((s) => ({ ...pick(s.polarity), resolution: false }));
  return sentences.map((s, i) => {
    const clause = clauses[i] ?? null;
    const past = clause === null && isPastTense(s.tokens);
    let positive = 0;
    let negative = 0;
    for (const h of s.polarity.hits) {
      if (h.score >= 0) {
        positive += h.score;
        continue;
      }
      const feeling = isFeeling(s.tokens[h.index]!);
      const inClause = clause !== null && h.index >= clause[0] && h.index <= clause[1];
      negative -= !feeling && (past || inClause) ? h.score * NARRATIVE.problem : h.score;
    }
    if (clause !== null) positive = Math.max(positive, NARRATIVE.resolution);
    return { positive, negative, resolution: clause !== null };
  });
}

function pick(p: Polarity): { positive: number; negative: number } {
  return { positive: p.positive, negative: p.negative };
}
