import type { AnalysisResult, TranscriptEntry } from '../../../src/analysis/types.js';
import type { Responses } from '../../../src/analysis/responses/types.js';
import type { LoadedCase } from './load.js';

/**
 * Scoring of one analysed case against its labels, and the corpus figures:
 *
 * - sentiment: per labelled question, the analyzer's `by_question` label equals the reader's (a missing
 *   question counts as wrong).
 * - themes: a theme label is accepted when it matches a named theme or an `also_accept` entry; a named
 *   theme is recalled when some theme label matches it. A label matches a phrase when it contains every
 *   word of the phrase (case-insensitive, plural `s` / `ies` folded).
 * - quotes: a substantive answer (an answered question with at least SUBSTANTIVE_WORDS participant words)
 *   is covered when some quote is attributed to its node.
 * - overall sentiment (cases labelled with one): `sentiment.overall` equals the reader's.
 * - must-quote spans: recalled when some quote (or theme quote) contains the span (case-insensitive).
 * - verbatim: a quote (or a theme's representative quote, or a scorecard criterion's quote) that is not an exact substring of the
 *   participant entry it names, or names an entry at another node, is a violation.
 */

export const SUBSTANTIVE_WORDS = 12;

export interface CaseScore {
  id: string;
  sentiment: { key: string; expected: string; got: string }[];
  themes: { label: string; accepted: boolean }[];
  recalled: { name: string; hit: boolean }[];
  substantive: { node_id: string; quoted: boolean }[];
  verbatimViolations: string[];
  overall: number | null;
  /** The overall sentiment, when the case labels one. */
  overallSentiment?: { expected: string; got: string };
  mustQuote?: { span: string; hit: boolean }[];
}

function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(fold);

export function labelMatches(label: string, phrase: string): boolean {
  const have = new Set(words(label));
  const need = words(phrase);
  return need.length > 0 && need.every((w) => have.has(w));
}

interface QuoteLike {
  text: string;
  entry: string;
  node: string | null;
}

function quotesOf(result: AnalysisResult, withScorecard = true): QuoteLike[] {
  const out: QuoteLike[] = result.quotes.map((q) => ({
    text: q.quote,
    entry: q.transcript_entry_id,
    node: q.node_id,
  }));
  for (const t of result.themes) {
    const rep = (
      t as { quote?: { quote: string; transcript_entry_id: string; node_id: string | null } | null }
    ).quote;
    if (rep) out.push({ text: rep.quote, entry: rep.transcript_entry_id, node: rep.node_id });
  }
  if (withScorecard)
    for (const c of result.scorecard?.criteria ?? [])
      if (c.quote)
        out.push({ text: c.quote.quote, entry: c.quote.transcript_entry_id, node: c.quote.node_id });
  return out;
}

export function scoreCase(
  c: LoadedCase,
  result: AnalysisResult,
  transcript: readonly TranscriptEntry[],
  responses: Responses,
): CaseScore {
  const sentiment = Object.entries(c.labels.sentiment).map(([key, expected]) => ({
    key,
    expected,
    got: result.sentiment.by_question.find((q) => q.question_key === key)?.sentiment ?? '(none)',
  }));
  const accepted = [...c.labels.themes.flatMap((t) => t.match), ...c.labels.also_accept];
  const themes = result.themes.map((t) => ({
    label: t.label,
    accepted: accepted.some((p) => labelMatches(t.label, p)),
  }));
  const recalled = c.labels.themes.map((h) => ({
    name: h.name,
    hit: result.themes.some((t) => h.match.some((p) => labelMatches(t.label, p))),
  }));
  const byId = new Map(transcript.map((e) => [e.id, e]));
  const substantive = responses.items
    .filter((item) => item.status === 'answered' && item.answer !== null)
    .filter((item) => item.answer!.verbatim.split(/\s+/).filter(Boolean).length >= SUBSTANTIVE_WORDS)
    .map((item) => ({
      node_id: item.node_id,
      quoted: result.quotes.some((q) => q.node_id === item.node_id),
    }));
  const verbatimViolations = quotesOf(result)
    .filter((q) => {
      const e = byId.get(q.entry);
      return (
        e === undefined || e.role !== 'participant' || !e.content.includes(q.text) || e.node_id !== q.node
      );
    })
    .map((q) => q.text);
  // Must-quote spans count the quotes and theme quotes a reader sees, not the scorecard's citations.
  const quoted = quotesOf(result, false).map((q) => q.text.toLowerCase());
  const mustQuote = c.labels.must_quote.map((span) => ({
    span,
    hit: quoted.some((q) => q.includes(span.toLowerCase())),
  }));
  return {
    id: c.id,
    ...(c.labels.overall !== undefined
      ? { overallSentiment: { expected: c.labels.overall, got: result.sentiment.overall } }
      : {}),
    mustQuote,
    sentiment,
    themes,
    recalled,
    substantive,
    verbatimViolations,
    overall: result.scorecard?.overall ?? null,
  };
}

export interface CorpusSummary {
  cases: number;
  sentiment_accuracy: number | null;
  theme_precision: number | null;
  theme_recall: number | null;
  quote_coverage: number | null;
  scorecard_order_accuracy: number | null;
  pairs: number;
  verbatim_violations: number;
  overall_sentiment_accuracy: number | null;
  must_quote_recall: number | null;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

export function summarizeCorpus(
  cases: readonly Pick<LoadedCase, 'id' | 'pair'>[],
  scores: readonly CaseScore[],
): CorpusSummary {
  const all = <T>(f: (s: CaseScore) => T[]): T[] => scores.flatMap(f);
  const sent = all((s) => s.sentiment);
  const themes = all((s) => s.themes);
  const recalled = all((s) => s.recalled);
  const subst = all((s) => s.substantive);
  const overall = scores.flatMap((s) => (s.overallSentiment ? [s.overallSentiment] : []));
  const must = all((s) => s.mustQuote ?? []);
  const byId = new Map(scores.map((s) => [s.id, s]));
  const groups = new Map<string, { stronger?: number | null; weaker?: number | null }>();
  for (const c of cases) {
    if (c.pair === undefined) continue;
    const g = groups.get(c.pair.group) ?? {};
    g[c.pair.rank] = byId.get(c.id)?.overall ?? null;
    groups.set(c.pair.group, g);
  }
  const ordered = [...groups.values()].filter(
    (g) => g.stronger != null && g.weaker != null && g.stronger > g.weaker,
  ).length;
  return {
    cases: scores.length,
    sentiment_accuracy: ratio(sent.filter((x) => x.expected === x.got).length, sent.length),
    theme_precision: ratio(themes.filter((t) => t.accepted).length, themes.length),
    theme_recall: ratio(recalled.filter((r) => r.hit).length, recalled.length),
    quote_coverage: ratio(subst.filter((q) => q.quoted).length, subst.length),
    scorecard_order_accuracy: ratio(ordered, groups.size),
    pairs: groups.size,
    verbatim_violations: all((s) => s.verbatimViolations).length,
    overall_sentiment_accuracy: ratio(overall.filter((o) => o.expected === o.got).length, overall.length),
    must_quote_recall: ratio(must.filter((m) => m.hit).length, must.length),
  };
}
