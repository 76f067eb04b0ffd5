import type { Blueprint } from '../../blueprint/schema.js';
import type { AnalyzedSentence, NlpSession } from '../nlp.js';
import { sentenceQuote } from '../prepare.js';
import { clamp, round } from '../text.js';
import type { ScorecardCriterionResult, ScorecardResult } from '../types.js';
import type { AnsweredQuestion } from './questions.js';

/**
 * Scorecard from evidence. For each criterion, the answered questions it names (node ids or question
 * keys) are read for, per question answered (so one deep answer and three short ones compare fairly):
 *
 * - depth: words said (saturates at 60 a question), follow-ups answered with substance (≥ 10 words;
 *   saturates at 2);
 * - specifics: numbers, amounts, durations and percentages (saturates at 1.5 a question);
 * - named systems: proper nouns — products, tools, companies (saturates at 1.5 a question);
 * - outcomes: sentences that state a result (a change verb such as "cut", "dropped", "saved", "went up"
 *   together with a figure or a comparison; saturates at one every two questions);
 * - captured fields: the share of the questions' capture fields that were captured;
 * - objective: the share of the questions whose probing completed (the engine's objective met);
 * - coverage: the share of the criterion description's content words the answers use (saturates at 40 %).
 *
 * A criterion that names no questions is judged on every answer when it is about how the participant
 * answers (its description speaks of clear, structured, specific answers, examples, communication), and
 * otherwise on the answers that use one of its description's content words — none: score 1.
 *
 * score = 1 + round(4 × (0.3 depth + 0.1 follow-ups + 0.15 specifics + 0.15 named + 0.15 outcomes
 * + 0.05 captured + 0.05 objective + 0.05 coverage)), 1..5; null when none of its questions was
 * answered. Each score lists the entries that carry the evidence, a one-line rationale and the verbatim
 * sentence with the strongest evidence (`quote`). A long,
 * concrete answer therefore outscores a terse one on the criteria it addresses; the score does not judge
 * whether the content is right.
 */

const ANSWER_QUALITY =
  /\b(clear|structured|concise|specific|examples?|communicat\w*|articulate|explains?)\b/i;

const OUTCOME_CUES = new Set(
  `cut drop dropped reduce reduced increase increased improve improved save saved halve halved double
  doubled disappear disappeared catch caught prevent prevented decrease decreased grow grew launch
  launched ship shipped finish finished result outcome went lower higher faster fewer less more zero`.split(
    /\s+/,
  ),
);

/** A sentence that states a result: a change verb with a figure or a comparison. */
function isOutcome(s: AnalyzedSentence): boolean {
  const cue = s.tokens.some((t) => OUTCOME_CUES.has(t.lemma) || OUTCOME_CUES.has(t.normal));
  return cue && (s.specifics > 0 || s.tokens.some((t) => /er$|^less$|^more$/.test(t.normal)));
}

interface Evidence {
  words: number;
  followUps: number;
  specifics: number;
  named: number;
  outcomes: number;
  captured: number;
  capturable: number;
  entries: string[];
}

function gather(questions: readonly AnsweredQuestion[]): Evidence {
  const ev: Evidence = {
    words: 0,
    followUps: 0,
    specifics: 0,
    named: 0,
    outcomes: 0,
    captured: 0,
    capturable: 0,
    entries: [],
  };
  for (const q of questions) {
    const fields = Object.keys(q.node.capture);
    ev.capturable += fields.length;
    ev.captured += fields.filter((f) => q.fields[f] !== undefined && q.fields[f] !== null).length;
    q.entries.forEach((pe, i) => {
      ev.words += pe.text.words;
      if (i > 0 && pe.text.words >= 10) ev.followUps++;
      let useful = pe.text.words >= 8;
      for (const s of pe.text.sentences) {
        ev.specifics += s.specifics;
        ev.named += s.named;
        if (isOutcome(s)) ev.outcomes++;
        if (s.specifics > 0 || s.named > 0) useful = true;
      }
      if (useful) ev.entries.push(pe.entry.id);
    });
  }
  return ev;
}

export function scoreCriterion(
  criterion: {
    key: string;
    description: string;
    weight?: number | undefined;
    questions?: string[] | undefined;
  },
  questions: readonly AnsweredQuestion[],
  session: NlpSession,
): ScorecardResult['criteria'][number] {
  const weight = criterion.weight ?? 1;
  const named = criterion.questions ?? [];
  const scoped = questions.filter(
    (q) =>
      q.status === 'answered' && (named.length === 0 || named.includes(q.nodeId) || named.includes(q.key)),
  );
  if (scoped.length === 0)
    return {
      key: criterion.key,
      score: null,
      weight,
      evidence: [],
      rationale: 'No answer to the questions of this criterion.',
      quote: null,
    };
  const keywords = [...new Set(session.contentLemmas(criterion.description))];
  const usesKeyword = (q: AnsweredQuestion) =>
    q.entries.some((pe) => keywords.some((k) => pe.text.lemmas.has(k)));
  // A criterion that names no questions is judged on the answers that touch its subject (or on all of
  // them when it is about the way of answering).
  const relevant =
    named.length === 0 && !ANSWER_QUALITY.test(criterion.description) ? scoped.filter(usesKeyword) : scoped;
  if (relevant.length === 0)
    return {
      key: criterion.key,
      score: 1,
      weight,
      evidence: [],
      rationale: `No answer touches the criterion (none of its ${keywords.length} words is used).`,
      quote: null,
    };
  const ev = gather(relevant);
  const used = keywords.filter((k) => relevant.some((q) => q.entries.some((pe) => pe.text.lemmas.has(k))));
  const coverage = keywords.length === 0 ? 0 : used.length / keywords.length;
  const n = relevant.length;
  const objective = relevant.filter((q) => q.probingComplete).length / n;
  const raw =
    0.3 * Math.min(1, ev.words / (60 * n)) +
    0.1 * Math.min(1, ev.followUps / 2) +
    0.15 * Math.min(1, ev.specifics / (1.5 * n)) +
    0.15 * Math.min(1, ev.named / (1.5 * n)) +
    0.15 * Math.min(1, ev.outcomes / (0.5 * n)) +
    0.05 * (ev.capturable === 0 ? 0 : ev.captured / ev.capturable) +
    0.05 * objective +
    0.05 * Math.min(1, coverage / 0.4);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    key: criterion.key,
    score: clamp(1 + Math.round(4 * raw), 1, 5),
    weight,
    evidence: ev.entries,
    rationale:
      `${plural(relevant.length, 'answer')}, ${plural(ev.words, 'word')}, ` +
      `${plural(ev.followUps, 'follow-up')} answered, ${plural(ev.specifics, 'figure')}, ` +
      `${plural(ev.named, 'named system')}, ${plural(ev.outcomes, 'stated outcome')}` +
      (ev.capturable > 0 ? `, ${ev.captured} of ${ev.capturable} fields captured` : '') +
      `; uses ${used.length} of ${keywords.length} criterion words.`,
    quote: strongestEvidence(relevant),
  };
}

/**
 * The sentence that carries a criterion's strongest evidence, verbatim from its entry: the most figures,
 * named systems and stated outcomes, preferring 6–40 words; null when no sentence has any.
 */
function strongestEvidence(questions: readonly AnsweredQuestion[]): ScorecardCriterionResult['quote'] {
  let best: { pe: AnsweredQuestion['entries'][number]; index: number; score: number } | null = null;
  for (const q of questions)
    for (const pe of q.entries)
      pe.text.sentences.forEach((s, index) => {
        const score = s.specifics + s.named + (isOutcome(s) ? 2 : 0);
        if (score === 0 || s.words < 4) return;
        const total = score + (s.words >= 6 && s.words <= 40 ? 1 : 0);
        if (best === null || total > best.score) best = { pe, index, score: total };
      });
  if (best === null) return null;
  const { pe, index } = best as { pe: AnsweredQuestion['entries'][number]; index: number };
  return sentenceQuote(pe, index);
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
  questions: readonly AnsweredQuestion[],
  blueprint: Blueprint,
  session: NlpSession,
): ScorecardResult | null {
  if (blueprint.scorecard === undefined) return null;
  const criteria = blueprint.scorecard.criteria.map((c) => scoreCriterion(c, questions, session));
  return { criteria, overall: overallScore(criteria) };
}
