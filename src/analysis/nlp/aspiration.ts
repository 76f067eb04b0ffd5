import type { PolarToken, PolarityHit } from './polarity.js';

/**
 * What the speaker wants to do next, read as motivation:
 *
 * - Desire: "I want to build …", "I've wanted to move into …", "I'd love to work on …", "I'm keen to …"
 *   says the speaker is drawn to it — a positive hit of DESIRE_WEIGHT on the desire word ("I want to be
 *   in it" is motivation even without a polar word). Not a past aim ("we wanted to automate it") nor a
 *   way of speaking ("I want to say", "I'd like to be honest").
 * - A problem as the goal: a problem word that is the object of solving ("the problem I want to work on",
 *   "I love solving hard problems") is the work the speaker seeks, not a complaint: its weight is 0.
 */

export const DESIRE_WEIGHT = 2;

const DESIRE = new Set(['want', 'wanted', 'wanna', 'love', 'like', 'keen', 'eager', 'excited', 'dying']);
const SELF = new Set([
  'i',
  'we',
  "'ve",
  "'d",
  "'m",
  'have',
  'would',
  'am',
  'really',
  'always',
  'also',
  'just',
]);
const SOLVING = new Set([
  'solve',
  'solving',
  'tackle',
  'tackling',
  'fix',
  'fixing',
  'crack',
  'work',
  'working',
]);
const HEDGING = new Set([
  'say',
  'ask',
  'know',
  'mention',
  'add',
  'clarify',
  'check',
  'honest',
  'clear',
  'fair',
  'point',
]);
const PROBLEM_NOUNS = new Set([
  'problem',
  'problems',
  'challenge',
  'challenges',
  'issue',
  'issues',
  'puzzle',
]);

/** Index of a first-person desire word followed by "to" (or "solving …"), or -1. */
function desireAt(tokens: readonly PolarToken[]): number {
  for (let i = 1; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    if (!DESIRE.has(t.normal) && !DESIRE.has(t.lemma)) continue;
    if (!SELF.has(tokens[i - 1]!.normal)) continue;
    // "We wanted to automate it" reports a past aim; "I've wanted to" is still wanting.
    if (t.normal === 'wanted' && !["'ve", 'have', 'always'].includes(tokens[i - 1]!.normal)) continue;
    const verb = tokens[i + 2]?.normal ?? '';
    // "I want to say", "I'd like to be honest": a way of speaking, not a wish.
    if (HEDGING.has(verb) || (verb === 'be' && HEDGING.has(tokens[i + 3]?.normal ?? ''))) continue;
    // "I want to …", "I'd love to …", "I'm keen to …"; "I like the idea" is the lexicon's.
    if (tokens[i + 1]!.normal === 'to' || SOLVING.has(tokens[i + 1]!.normal)) return i;
  }
  return -1;
}

/** Adds the desire hit and clears problem words that are the goal (in place). */
export function applyAspiration(tokens: readonly PolarToken[], hits: PolarityHit[]): void {
  const at = desireAt(tokens);
  if (at < 0) return;
  const solving = tokens.some((t) => SOLVING.has(t.normal) || SOLVING.has(t.lemma));
  if (solving)
    for (const h of hits) if (h.score < 0 && PROBLEM_NOUNS.has(tokens[h.index]!.normal)) h.score = 0;
  const existing = hits.find((h) => h.index === at);
  if (existing !== undefined) existing.score = Math.max(existing.score, DESIRE_WEIGHT);
  else hits.push({ index: at, score: DESIRE_WEIGHT });
}
