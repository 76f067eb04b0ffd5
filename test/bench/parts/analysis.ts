import { join } from 'node:path';
import { createAnalyzer } from '../../../src/analysis/index.js';
import { loadAnalysisCorpus } from '../analysis/load.js';
import { playCase } from '../analysis/interview.js';
import { scoreCase, summarizeCorpus, type CaseScore } from '../analysis/score.js';
import { STYLES } from '../analysis/schema.js';
import { log, ROOT } from '../lib.js';
import type { Part, PartResult, Row } from '../types.js';

/**
 * The analysis benchmark (issue 15): every labelled interview of test/bench/analysis/cases played
 * through the real engine, its responses built as the store builds them, then analysed by the analyzer
 * the store would pick without provider keys (`createAnalyzer`, i.e. the offline analyzer). Sentiment
 * per question, theme precision / recall, quote coverage of substantive answers, scorecard order of
 * paired candidates and verbatim violations (scoring: test/bench/analysis/score.ts).
 */

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null): string => (v === null ? '—' : v.toFixed(3));

export const analysisPart: Part = {
  name: 'analysis',
  description: 'labelled interviews through the offline analyzer (issue 15)',
  keys: [
    'analysis_cases',
    'analysis_sentiment_accuracy',
    'analysis_theme_precision',
    'analysis_theme_recall',
    'analysis_quote_coverage',
    'analysis_scorecard_order_accuracy',
    'analysis_verbatim_violations',
  ],
  async run(): Promise<PartResult> {
    const corpus = await loadAnalysisCorpus(join(ROOT, 'test/bench/analysis'), ROOT);
    const analyzer = createAnalyzer({ now: () => Date.parse('2026-12-01T00:00:00.000Z') });
    log(`analysis: ${corpus.cases.length} cases, ${analyzer.model}`);
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
        rejected_themes: s.themes.filter((t) => !t.accepted).map((t) => t.label),
        missed_themes: s.recalled.filter((r) => !r.hit).map((r) => r.name),
        unquoted: s.substantive.filter((q) => !q.quoted).map((q) => q.node_id),
        verbatim: s.verbatimViolations,
      };
      if (Object.values(wrong).some((v) => v.length > 0))
        failures.push({ id: c.id, ...wrong, themes: result.themes.map((t) => t.label) });
    }
    const ms = performance.now() - t0;
    const all = summarizeCorpus(corpus.cases, scores);
    const row = (metric: string, value: string, target?: string): Row => ({
      metric,
      values: { all: value },
      ...(target !== undefined ? { target } : {}),
    });
    const styleRows = STYLES.map((style) => {
      const ids = new Set(corpus.cases.filter((c) => c.style === style).map((c) => c.id));
      const s = summarizeCorpus(
        corpus.cases.filter((c) => ids.has(c.id)),
        scores.filter((x) => ids.has(x.id)),
      );
      return row(
        `  ${style} (${s.cases})`,
        `sentiment ${pct(s.sentiment_accuracy)} · themes P/R ${num(s.theme_precision)}/${num(s.theme_recall)} · quotes ${pct(s.quote_coverage)}`,
      );
    });
    return {
      keys: {
        analysis_cases: all.cases,
        analysis_sentiment_accuracy: all.sentiment_accuracy,
        analysis_theme_precision: all.theme_precision,
        analysis_theme_recall: all.theme_recall,
        analysis_quote_coverage: all.quote_coverage,
        analysis_scorecard_order_accuracy: all.scorecard_order_accuracy,
        analysis_verbatim_violations: all.verbatim_violations,
      },
      rows: [
        row(`analysis sentiment accuracy (${all.cases} interviews)`, pct(all.sentiment_accuracy), '≥ 85 %'),
        row('analysis theme precision', num(all.theme_precision), '≥ 0.8'),
        row('analysis theme recall', num(all.theme_recall)),
        row('analysis quote coverage', num(all.quote_coverage), '≥ 0.9'),
        row(`analysis scorecard order (${all.pairs} pairs)`, num(all.scorecard_order_accuracy), '≥ 0.9'),
        row('analysis verbatim violations', String(all.verbatim_violations), '0'),
        row('analysis time per interview', `${(ms / Math.max(1, all.cases)).toFixed(1)} ms`),
        ...styleRows,
      ],
      details: { analysis: { overall: all, failures } },
      notes: [],
    };
  },
};
