import { join } from 'node:path';
import { createAnalyzer } from '../../../src/analysis/index.js';
import { loadAnalysisCorpus, type AnalysisCorpus } from '../analysis/load.js';
import { playCase } from '../analysis/interview.js';
import { scoreCase, summarizeCorpus, type CaseScore, type CorpusSummary } from '../analysis/score.js';
import { HOLDOUT2_STYLES, HOLDOUT_STYLES, STYLES, type Style } from '../analysis/schema.js';
import { log, ROOT } from '../lib.js';
import type { Part, PartResult, ResultKey, Row } from '../types.js';

/**
 * The analysis benchmark (issue 15): every labelled interview of test/bench/analysis/cases (the main
 * set) and test/bench/analysis/holdout (labelled before the analyzer was tuned, never tuned on) and test/bench/analysis/holdout2 (written after
 * round two, before round three; never tuned on) played
 * through the real engine, its responses built as the store builds them, then analysed by the analyzer
 * the store would pick without provider keys (`createAnalyzer`, i.e. the offline analyzer). Sentiment
 * per question (and overall on the holdout), theme precision / recall, quote coverage of substantive
 * answers, must-quote spans (holdout), scorecard order of paired candidates and verbatim violations
 * (scoring: test/bench/analysis/score.ts).
 */

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null): string => (v === null ? '—' : v.toFixed(3));

interface SetResult {
  all: CorpusSummary;
  byStyle: Map<Style, CorpusSummary>;
  failures: unknown[];
  ms: number;
}

async function runSet(corpus: AnalysisCorpus): Promise<SetResult> {
  const analyzer = createAnalyzer({ now: () => Date.parse('2026-12-01T00:00:00.000Z') });
  const scores: CaseScore[] = [];
  const failures: unknown[] = [];
  const t0 = performance.now();
  for (const c of corpus.cases) {
    const blueprint = corpus.blueprints.get(c.blueprint)!;
    const played = playCase(blueprint, c);
    const result = await analyzer.analyze({
      blueprint,
      transcript: played.transcript,
      responses: played.responses,
      participant_name: c.participant.name,
      language: blueprint.settings.language,
    });
    const s = scoreCase(c, result, played.transcript, played.responses);
    scores.push(s);
    const wrong = {
      sentiment: s.sentiment.filter((x) => x.expected !== x.got),
      overall:
        s.overallSentiment && s.overallSentiment.expected !== s.overallSentiment.got
          ? [s.overallSentiment]
          : [],
      rejected_themes: s.themes.filter((t) => !t.accepted).map((t) => t.label),
      missed_themes: s.recalled.filter((r) => !r.hit).map((r) => r.name),
      unquoted: s.substantive.filter((q) => !q.quoted).map((q) => q.node_id),
      missed_quotes: (s.mustQuote ?? []).filter((m) => !m.hit).map((m) => m.span),
      verbatim: s.verbatimViolations,
    };
    if (Object.values(wrong).some((v) => v.length > 0))
      failures.push({ id: c.id, ...wrong, themes: result.themes.map((t) => t.label) });
  }
  const ms = performance.now() - t0;
  const byStyle = new Map<Style, CorpusSummary>();
  for (const style of [...STYLES, ...HOLDOUT_STYLES, ...HOLDOUT2_STYLES]) {
    const ids = new Set(corpus.cases.filter((c) => c.style === style).map((c) => c.id));
    if (ids.size === 0) continue;
    byStyle.set(
      style,
      summarizeCorpus(
        corpus.cases.filter((c) => ids.has(c.id)),
        scores.filter((x) => ids.has(x.id)),
      ),
    );
  }
  return { all: summarizeCorpus(corpus.cases, scores), byStyle, failures, ms };
}

const row = (metric: string, value: string, target?: string): Row => ({
  metric,
  values: { all: value },
  ...(target !== undefined ? { target } : {}),
});

function styleRows(r: SetResult, prefix: string): Row[] {
  return [...r.byStyle].map(([style, s]) =>
    row(
      `  ${prefix}${style} (${s.cases})`,
      `sentiment ${pct(s.sentiment_accuracy)} · themes P/R ${num(s.theme_precision)}/${num(s.theme_recall)} · quotes ${pct(s.quote_coverage)}` +
        (s.must_quote_recall !== null ? ` · must-quote ${pct(s.must_quote_recall)}` : ''),
    ),
  );
}

const HOLDOUT_STYLE_KEYS = {
  sarcasm: 'analysis_holdout_sentiment_sarcasm',
  hostile: 'analysis_holdout_sentiment_hostile',
  terse_negative: 'analysis_holdout_sentiment_terse_negative',
  mixed_feelings: 'analysis_holdout_sentiment_mixed_feelings',
  rating_contradicts: 'analysis_holdout_sentiment_rating_contradicts',
  off_topic: 'analysis_holdout_sentiment_off_topic',
  strong_candidate: 'analysis_holdout_sentiment_strong_candidate',
} as const satisfies Partial<Record<Style, ResultKey>>;

export const analysisPart: Part = {
  name: 'analysis',
  description: 'labelled interviews (main set and holdout) through the offline analyzer (issue 15)',
  keys: [
    'analysis_cases',
    'analysis_sentiment_accuracy',
    'analysis_theme_precision',
    'analysis_theme_recall',
    'analysis_quote_coverage',
    'analysis_scorecard_order_accuracy',
    'analysis_verbatim_violations',
    'analysis_holdout_cases',
    'analysis_holdout_sentiment_accuracy',
    'analysis_holdout_overall_sentiment_accuracy',
    'analysis_holdout_theme_precision',
    'analysis_holdout_theme_recall',
    'analysis_holdout_quote_coverage',
    'analysis_holdout_must_quote_recall',
    'analysis_holdout_scorecard_order_accuracy',
    'analysis_holdout_verbatim_violations',
    ...Object.values(HOLDOUT_STYLE_KEYS),
    'analysis_holdout2_cases',
    'analysis_holdout2_sentiment_accuracy',
    'analysis_holdout2_overall_sentiment_accuracy',
    'analysis_holdout2_theme_precision',
    'analysis_holdout2_theme_recall',
    'analysis_holdout2_quote_coverage',
    'analysis_holdout2_must_quote_recall',
    'analysis_holdout2_scorecard_order_accuracy',
    'analysis_holdout2_verbatim_violations',
  ],
  async run(): Promise<PartResult> {
    const dir = join(ROOT, 'test/bench/analysis');
    const main = await runSet(await loadAnalysisCorpus(dir, ROOT, 'cases'));
    const holdout = await runSet(await loadAnalysisCorpus(dir, ROOT, 'holdout'));
    const holdout2 = await runSet(await loadAnalysisCorpus(dir, ROOT, 'holdout2'));
    log(`analysis: ${main.all.cases} cases, holdout ${holdout.all.cases}, holdout2 ${holdout2.all.cases}`);
    const m = main.all;
    const h = holdout.all;
    const h2 = holdout2.all;
    const keys: PartResult['keys'] = {
      analysis_cases: m.cases,
      analysis_sentiment_accuracy: m.sentiment_accuracy,
      analysis_theme_precision: m.theme_precision,
      analysis_theme_recall: m.theme_recall,
      analysis_quote_coverage: m.quote_coverage,
      analysis_scorecard_order_accuracy: m.scorecard_order_accuracy,
      analysis_verbatim_violations: m.verbatim_violations,
      analysis_holdout_cases: h.cases,
      analysis_holdout_sentiment_accuracy: h.sentiment_accuracy,
      analysis_holdout_overall_sentiment_accuracy: h.overall_sentiment_accuracy,
      analysis_holdout_theme_precision: h.theme_precision,
      analysis_holdout_theme_recall: h.theme_recall,
      analysis_holdout_quote_coverage: h.quote_coverage,
      analysis_holdout_must_quote_recall: h.must_quote_recall,
      analysis_holdout_scorecard_order_accuracy: h.scorecard_order_accuracy,
      analysis_holdout_verbatim_violations: h.verbatim_violations,
      analysis_holdout2_cases: h2.cases,
      analysis_holdout2_sentiment_accuracy: h2.sentiment_accuracy,
      analysis_holdout2_overall_sentiment_accuracy: h2.overall_sentiment_accuracy,
      analysis_holdout2_theme_precision: h2.theme_precision,
      analysis_holdout2_theme_recall: h2.theme_recall,
      analysis_holdout2_quote_coverage: h2.quote_coverage,
      analysis_holdout2_must_quote_recall: h2.must_quote_recall,
      analysis_holdout2_scorecard_order_accuracy: h2.scorecard_order_accuracy,
      analysis_holdout2_verbatim_violations: h2.verbatim_violations,
    };
    for (const [style, key] of Object.entries(HOLDOUT_STYLE_KEYS))
      keys[key] = holdout.byStyle.get(style as Style)?.sentiment_accuracy ?? null;
    return {
      keys,
      rows: [
        row(`analysis sentiment accuracy (${m.cases} interviews)`, pct(m.sentiment_accuracy), '≥ 85 %'),
        row('analysis theme precision', num(m.theme_precision), '≥ 0.8'),
        row('analysis theme recall', num(m.theme_recall)),
        row('analysis quote coverage', num(m.quote_coverage), '≥ 0.9'),
        row(`analysis scorecard order (${m.pairs} pairs)`, num(m.scorecard_order_accuracy), '≥ 0.9'),
        row('analysis verbatim violations', String(m.verbatim_violations), '0'),
        row('analysis time per interview', `${(main.ms / Math.max(1, m.cases)).toFixed(1)} ms`),
        ...styleRows(main, ''),
        row(`analysis HOLDOUT sentiment accuracy (${h.cases} interviews)`, pct(h.sentiment_accuracy)),
        row('analysis holdout overall sentiment', pct(h.overall_sentiment_accuracy)),
        row(
          'analysis holdout theme precision / recall',
          `${num(h.theme_precision)} / ${num(h.theme_recall)}`,
        ),
        row('analysis holdout quote coverage', num(h.quote_coverage)),
        row('analysis holdout must-quote recall', num(h.must_quote_recall)),
        row(`analysis holdout scorecard order (${h.pairs} pairs)`, num(h.scorecard_order_accuracy)),
        row('analysis holdout verbatim violations', String(h.verbatim_violations), '0'),
        ...styleRows(holdout, 'holdout '),
        row(`analysis HOLDOUT2 sentiment accuracy (${h2.cases} interviews)`, pct(h2.sentiment_accuracy)),
        row('analysis holdout2 overall sentiment', pct(h2.overall_sentiment_accuracy)),
        row(
          'analysis holdout2 theme precision / recall',
          `${num(h2.theme_precision)} / ${num(h2.theme_recall)}`,
        ),
        row('analysis holdout2 quote coverage', num(h2.quote_coverage)),
        row('analysis holdout2 must-quote recall', num(h2.must_quote_recall)),
        row(`analysis holdout2 scorecard order (${h2.pairs} pairs)`, num(h2.scorecard_order_accuracy)),
        row('analysis holdout2 verbatim violations', String(h2.verbatim_violations), '0'),
        ...styleRows(holdout2, 'holdout2 '),
      ],
      details: {
        analysis: { overall: m, failures: main.failures },
        analysis_holdout: {
          overall: h,
          by_style: Object.fromEntries(holdout.byStyle),
          failures: holdout.failures,
        },
        analysis_holdout2: {
          overall: h2,
          by_style: Object.fromEntries(holdout2.byStyle),
          failures: holdout2.failures,
        },
      },
      notes: [],
    };
  },
};
