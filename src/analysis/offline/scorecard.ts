import type { Blueprint } from '../../blueprint/schema.js';
import type { NlpSession } from '../nlp.js';
import type { PreparedEntry } from '../prepare.js';
import { clamp, round } from '../text.js';
import type { ScorecardResult } from '../types.js';

/**
 * Scorecard: a keyword heuristic — see scoreCriterion. It measures how much of a criterion's vocabulary
 * the participant's answers cover and how substantial they are; it does not judge quality.
 */

/**
 * Heuristic criterion score (offline analyzer; a keyword heuristic, not a judgement of quality):
 * - answers = the participant's turns at the criterion's `questions` (node ids or question keys), or all
 *   turns when it names none; no answers → score null.
 * - keywords = content lemmas of the criterion description; coverage = share of them the answers use.
 * - evidence = the answer turns that use at least one keyword (all answer turns if none does).
 * - depth = words in the evidence turns / 150 (capped at 1); specifics = numbers, amounts, durations (cap 1
 *   at three).
 * - score = 1 + round(4 × (0.6 × min(1, coverage / 0.5) + 0.25 × depth + 0.15 × specifics)); when no
 *   keyword is used at all the score is 1.
 */
export function scoreCriterion(
  criterion: {
    key: string;
    description: string;
    weight?: number | undefined;
    questions?: string[] | undefined;
  },
  entries: readonly PreparedEntry[],
  session: NlpSession,
): ScorecardResult['criteria'][number] {
  const weight = criterion.weight ?? 1;
  const scoped =
    criterion.questions === undefined || criterion.questions.length === 0
      ? entries
      : entries.filter(
          (pe) =>
            (pe.entry.node_id !== null && criterion.questions!.includes(pe.entry.node_id)) ||
            (pe.questionKey !== null && criterion.questions!.includes(pe.questionKey)),
        );
  if (scoped.length === 0) {
    return {
      key: criterion.key,
      score: null,
      weight,
      evidence: [],
      rationale: 'Heuristic (offline): the questions for this criterion were not answered.',
    };
  }
  const keywords = [...new Set(session.contentLemmas(criterion.description))];
  const matched = new Set<string>();
  const evidence: PreparedEntry[] = [];
  for (const pe of scoped) {
    let hit = false;
    for (const k of keywords) {
      if (pe.text.lemmas.has(k)) {
        matched.add(k);
        hit = true;
      }
    }
    if (hit) evidence.push(pe);
  }
  const coverage = keywords.length === 0 ? 0 : matched.size / keywords.length;
  const words = evidence.reduce((n, pe) => n + pe.text.words, 0);
  const specifics = evidence.reduce((n, pe) => n + pe.text.sentences.reduce((m, s) => m + s.specifics, 0), 0);
  const depth = Math.min(1, words / 150);
  const spec = Math.min(1, specifics / 3);
  const score =
    matched.size === 0
      ? 1
      : 1 + Math.round(4 * (0.6 * Math.min(1, coverage / 0.5) + 0.25 * depth + 0.15 * spec));
  return {
    key: criterion.key,
    score: clamp(score, 1, 5),
    weight,
    evidence: evidence.map((pe) => pe.entry.id),
    rationale:
      `Heuristic (offline keyword overlap): ${matched.size} of ${keywords.length} criterion keywords ` +
      `appear in ${evidence.length} of ${scoped.length} relevant answers (${words} words, ` +
      `${specifics} concrete figures).`,
  };
}

/** Weighted mean of non-null scores, two decimals; null when none. */
export function overallScore(criteria: ScorecardResult['criteria']): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    if (c.score === null) continue;
    sum += c.score * c.weight;
    weights += c.weight;
  }
  return weights === 0 ? null : round(sum / weights, 2);
}

export function scoreCard(
  entries: readonly PreparedEntry[],
  blueprint: Blueprint,
  session: NlpSession,
): ScorecardResult | null {
  if (blueprint.scorecard === undefined) return null;
  const criteria = blueprint.scorecard.criteria.map((c) => scoreCriterion(c, entries, session));
  return { criteria, overall: overallScore(criteria) };
}
