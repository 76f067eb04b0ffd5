import type { Blueprint } from '../blueprint/schema.js';
import type { Analyzer } from './analyzer.js';
import { NlpSession, type AnalyzedSentence } from './nlp.js';
import {
  emptyAnalysis,
  participantEntries,
  prepareEntries,
  questionAsked,
  questionKeys,
  sortedTranscript,
  timestampSecs,
  type PreparedEntry,
} from './prepare.js';
import { clamp, countWords, round } from './text.js';
import type {
  AnalysisInput,
  AnalysisResult,
  Quote,
  ScorecardResult,
  SentimentLabel,
  Theme,
  TranscriptEntry,
} from './types.js';

/**
 * The offline analyzer: deterministic, no network, built on wink-nlp (see nlp.ts).
 *
 * - Themes: noun-phrase key phrases of the participant's turns, identified by their lemmas, scored by
 *   frequency × phrase length × spread over turns; near-duplicates (one phrase's lemmas contained in
 *   another's, or Jaccard overlap ≥ 0.5) are merged; salience is the score relative to the top theme.
 * - Summary: extractive — participant sentences scored by the salience of the themes they mention (damped
 *   by length), with a bonus for the first sentence of an answer and for concrete figures; the best
 *   sentence of each question first (breadth), redundant sentences skipped, then transcript order.
 * - Sentiment: wink-nlp's lexicon sentiment (negation-aware, -1..1) per sentence, aggregated per question
 *   and overall with SENTIMENT_THRESHOLDS.
 * - Quotes: participant sentences of 8–40 words, scored by sentiment strength, first person, concrete
 *   figures and theme mentions; at most one per turn; verbatim substrings of the entry.
 * - Scorecard: a keyword heuristic — see scoreCriterion. It measures how much of a criterion's vocabulary
 *   the participant's answers cover and how substantial they are; it does not judge quality.
 */

export const OFFLINE_MODEL = 'parley-offline-1';

export const SENTIMENT_THRESHOLDS = {
  /** A sentence whose score is at least this (in absolute value) counts as polar. */
  polar: 0.1,
  /** A sentence at least this strong counts as a strong positive / negative. */
  strong: 0.3,
  /**
   * Mixed: both a strong positive and a strong negative sentence, and the weaker side's total is at least
   * this share of the stronger side's.
   */
  mixedBalance: 0.4,
  /** Otherwise positive / negative when the net of polar sentence scores reaches this; else neutral. */
  net: 0.2,
} as const;

const MAX_THEMES = 8;
const MAX_QUOTES = 5;
const QUOTE_MIN_WORDS = 8;
const QUOTE_MAX_WORDS = 40;

export class OfflineAnalyzer implements Analyzer {
  readonly model = OFFLINE_MODEL;
  constructor(private readonly now: () => number) {}

  analyze(input: AnalysisInput): Promise<AnalysisResult> {
    return Promise.resolve(analyzeOffline(input, this.now));
  }
}

export function analyzeOffline(input: AnalysisInput, now: () => number): AnalysisResult {
  const generatedAt = new Date(now()).toISOString();
  const { blueprint } = input;
  const transcript = sortedTranscript(input.transcript);
  const participants = participantEntries(transcript);
  if (participants.length === 0) return emptyAnalysis(blueprint, OFFLINE_MODEL, 'offline', generatedAt);
  const session = new NlpSession();
  const criteria = blueprint.scorecard?.criteria ?? [];
  session.prime([...participants.map((e) => e.content), ...criteria.map((c) => c.description)]);
  const entries = prepareEntries(participants, blueprint, session);

  const { themes, salienceOf } = extractThemes(entries);
  const summaryText = extractSummary(entries, salienceOf);
  return {
    summary: { content: summaryText, word_count: countWords(summaryText) },
    themes,
    sentiment: aggregateSentiment(entries, blueprint),
    quotes: selectQuotes(entries, transcript, blueprint, salienceOf),
    scorecard: scoreCard(entries, blueprint, session),
    model: OFFLINE_MODEL,
    generated_at: generatedAt,
    metadata: { dropped_quotes: 0, analyzer: 'offline', retries: 0, fallback: null },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Themes

interface Candidate {
  key: string;
  lemmas: string[];
  surfaces: Map<string, number>;
  freq: number;
  entries: Set<string>;
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

function extractThemes(entries: readonly PreparedEntry[]): {
  themes: Theme[];
  salienceOf: (phraseKey: string) => number;
} {
  const candidates = new Map<string, Candidate>();
  let position = 0;
  for (const pe of entries) {
    for (const ph of pe.text.phrases) {
      let c = candidates.get(ph.key);
      if (c === undefined) {
        c = {
          key: ph.key,
          lemmas: ph.lemmas,
          surfaces: new Map(),
          freq: 0,
          entries: new Set(),
          first: position,
          score: 0,
        };
        candidates.set(ph.key, c);
      }
      c.freq++;
      c.entries.add(pe.entry.id);
      c.surfaces.set(ph.surface, (c.surfaces.get(ph.surface) ?? 0) + 1);
      position++;
    }
  }
  for (const c of candidates.values()) {
    c.score = c.freq * (1 + 0.6 * (c.lemmas.length - 1)) * (1 + 0.5 * (c.entries.size - 1));
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
  const chosen = recurring.slice(0, MAX_THEMES);
  for (const g of groups) {
    if (chosen.length >= 3) break;
    if (!chosen.includes(g)) chosen.push(g);
  }
  chosen.sort((a, b) => b.score - a.score || a.members[0]!.first - b.members[0]!.first);

  const maxScore = chosen[0]?.score ?? 1;
  const order = new Map(entries.map((pe, i) => [pe.entry.id, i]));
  const themes: Theme[] = chosen.map((g) => {
    const evidence = [...g.entries].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return {
      label: bestSurface(g.members[0]!),
      salience: round(g.score / maxScore, 3),
      evidence_count: evidence.length,
      evidence,
    };
  });
  const salienceByGroup = new Map(chosen.map((g) => [g, g.score / maxScore]));
  const salienceOf = (phraseKey: string): number => {
    const g = groupOf.get(phraseKey);
    if (g === undefined) return 0;
    return salienceByGroup.get(g) ?? Math.min(0.2, g.score / maxScore);
  };
  return { themes, salienceOf };
}

// ---------------------------------------------------------------------------------------------------------
// Summary

interface SentenceRef {
  pe: PreparedEntry;
  index: number;
  sentence: AnalyzedSentence;
  position: number;
  themeScore: number;
}

function sentenceRefs(entries: readonly PreparedEntry[], salienceOf: (key: string) => number): SentenceRef[] {
  const refs: SentenceRef[] = [];
  let position = 0;
  for (const pe of entries) {
    pe.text.sentences.forEach((sentence, index) => {
      const keys = new Set(pe.text.phrases.filter((p) => p.sentence === index).map((p) => p.key));
      let themeScore = 0;
      for (const k of keys) themeScore += salienceOf(k);
      refs.push({ pe, index, sentence, position: position++, themeScore });
    });
  }
  return refs;
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

function extractSummary(entries: readonly PreparedEntry[], salienceOf: (key: string) => number): string {
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

// ---------------------------------------------------------------------------------------------------------
// Sentiment

/** Labels a group of sentence scores with SENTIMENT_THRESHOLDS. */
export function labelSentiment(scores: readonly number[]): SentimentLabel {
  const t = SENTIMENT_THRESHOLDS;
  let pos = 0;
  let neg = 0;
  let strongPos = false;
  let strongNeg = false;
  for (const s of scores) {
    if (s >= t.polar) pos += s;
    if (s <= -t.polar) neg -= s;
    if (s >= t.strong) strongPos = true;
    if (s <= -t.strong) strongNeg = true;
  }
  if (strongPos && strongNeg && Math.min(pos, neg) >= t.mixedBalance * Math.max(pos, neg)) return 'mixed';
  if (pos - neg >= t.net) return 'positive';
  if (neg - pos >= t.net) return 'negative';
  return 'neutral';
}

/**
 * Overall sentiment from the per-question labels: `mixed` when at least one question leans positive and
 * another negative (a mixed question counts as both), otherwise the side that occurs, otherwise neutral.
 * Without question keys, the label of all sentences together.
 */
export function overallSentiment(
  labels: readonly SentimentLabel[],
  allScores: readonly number[],
): SentimentLabel {
  if (labels.length === 0) return labelSentiment(allScores);
  const hasPos = labels.some((l) => l === 'positive' || l === 'mixed');
  const hasNeg = labels.some((l) => l === 'negative' || l === 'mixed');
  if (hasPos && hasNeg) return 'mixed';
  if (hasPos) return 'positive';
  if (hasNeg) return 'negative';
  return 'neutral';
}

function aggregateSentiment(
  entries: readonly PreparedEntry[],
  blueprint: Blueprint,
): AnalysisResult['sentiment'] {
  const byKey = new Map<string, number[]>();
  const all: number[] = [];
  for (const pe of entries) {
    const scores = pe.text.sentences.map((s) => s.sentiment);
    all.push(...scores);
    if (pe.questionKey === null) continue;
    const list = byKey.get(pe.questionKey) ?? [];
    list.push(...scores);
    byKey.set(pe.questionKey, list);
  }
  const declared = questionKeys(blueprint);
  const keys = [
    ...declared.filter((k) => byKey.has(k)),
    ...[...byKey.keys()].filter((k) => !declared.includes(k)).sort(),
  ];
  const by_question = keys.map((question_key) => ({
    question_key,
    sentiment: labelSentiment(byKey.get(question_key) ?? []),
  }));
  return {
    overall: overallSentiment(
      by_question.map((q) => q.sentiment),
      all,
    ),
    by_question,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Quotes

function selectQuotes(
  entries: readonly PreparedEntry[],
  transcript: readonly TranscriptEntry[],
  blueprint: Blueprint,
  salienceOf: (key: string) => number,
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

// ---------------------------------------------------------------------------------------------------------
// Scorecard

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

function scoreCard(
  entries: readonly PreparedEntry[],
  blueprint: Blueprint,
  session: NlpSession,
): ScorecardResult | null {
  if (blueprint.scorecard === undefined) return null;
  const criteria = blueprint.scorecard.criteria.map((c) => scoreCriterion(c, entries, session));
  return { criteria, overall: overallScore(criteria) };
}
