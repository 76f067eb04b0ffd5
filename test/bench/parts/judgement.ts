import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultAgent } from '../../../src/agent/index.js';
import { createConductor } from '../../../src/conductor/index.js';
import type { ProviderConnection } from '../../../src/llm/connection.js';
import { loadCorpus } from '../judgement/load.js';
import { runCorpus } from '../judgement/run-cases.js';
import { failuresOf } from '../judgement/failures.js';
import { byCategory, summarize, type Summary } from '../judgement/score.js';
import { log, ROOT } from '../lib.js';
import type { Part, PartContext, PartResult, Row } from '../types.js';

/**
 * The judgement benchmark (issue 13): every labelled case of test/bench/judgement/cases through the REAL
 * conductor's `interpret` at its node and the real engine `step`; accuracy of kind, typed value,
 * captured fields, route, follow-up decisions, per category and overall — on the tuned corpus and on the
 * three holdout sets (holdout2 and holdout3 per category too). Failing cases: `details.judgement.failures`, or
 * `node dist/test/bench/judgement/failures-cli.js [--set …] [--category …]`. `--conductor llm` uses the
 * provider keys PARLEY_BENCH_OPENAI_API_KEY / PARLEY_BENCH_ANTHROPIC_API_KEY (falling back to
 * OPENAI_API_KEY / ANTHROPIC_API_KEY; base URLs from *_BASE_URL) for the default agent's models.
 */

function connection(name: 'OPENAI' | 'ANTHROPIC'): ProviderConnection | undefined {
  const apiKey = process.env[`PARLEY_BENCH_${name}_API_KEY`] ?? process.env[`${name}_API_KEY`];
  if (apiKey === undefined || apiKey === '') return undefined;
  const baseURL = process.env[`PARLEY_BENCH_${name}_BASE_URL`] ?? process.env[`${name}_BASE_URL`];
  return { apiKey, ...(baseURL ? { baseURL } : {}) };
}

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);

function row(metric: string, s: Summary): Row {
  return {
    metric,
    values: {
      all: [
        `kind ${pct(s.kind_accuracy)}`,
        `value ${pct(s.value_accuracy)}`,
        `capture ${pct(s.capture_accuracy)}`,
        `route ${pct(s.route_accuracy)}`,
        `misroutes ${s.decisive_misroutes}`,
        `probe P/R ${s.probe_precision?.toFixed(2) ?? '—'}/${s.probe_recall?.toFixed(2) ?? '—'}`,
      ].join(' · '),
    },
  };
}

export const judgementPart: Part = {
  name: 'judgement',
  description: 'labelled natural-speech cases through the conductor and engine (issue 13)',
  keys: [
    'judgement_cases',
    'judgement_kind_accuracy',
    'judgement_value_accuracy',
    'judgement_capture_accuracy',
    'judgement_route_accuracy',
    'judgement_decisive_misroutes',
    'judgement_probe_precision',
    'judgement_probe_recall',
    'judgement_confirmations',
    'judgement_holdout_cases',
    'judgement_holdout_kind_accuracy',
    'judgement_holdout_value_accuracy',
    'judgement_holdout_capture_accuracy',
    'judgement_holdout_route_accuracy',
    'judgement_holdout_decisive_misroutes',
    'judgement_holdout2_cases',
    'judgement_holdout2_kind_accuracy',
    'judgement_holdout2_value_accuracy',
    'judgement_holdout2_capture_accuracy',
    'judgement_holdout2_route_accuracy',
    'judgement_holdout2_decisive_misroutes',
    'judgement_holdout2_confirmations',
    'judgement_holdout2_probe_precision',
    'judgement_holdout2_probe_recall',
    'judgement_holdout3_cases',
    'judgement_holdout3_kind_accuracy',
    'judgement_holdout3_value_accuracy',
    'judgement_holdout3_capture_accuracy',
    'judgement_holdout3_route_accuracy',
    'judgement_holdout3_decisive_misroutes',
    'judgement_holdout3_confirmations',
    'judgement_holdout3_probe_precision',
    'judgement_holdout3_probe_recall',
  ],
  async run(ctx: PartContext): Promise<PartResult> {
    const mode = ctx.conductor ?? 'offline';
    const dir = join(ROOT, 'test/bench/judgement');
    const corpus = await loadCorpus(dir, ROOT);
    log(`judgement: ${corpus.cases.length} cases, ${mode} conductor`);
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const openai = connection('OPENAI');
    const anthropic = connection('ANTHROPIC');
    if (mode === 'llm' && openai === undefined && anthropic === undefined)
      throw new Error(
        'judgement --conductor llm needs PARLEY_BENCH_OPENAI_API_KEY or PARLEY_BENCH_ANTHROPIC_API_KEY',
      );
    const conductor = createConductor({
      agent: defaultAgent,
      mode,
      openai,
      anthropic,
      logger: silent,
      now: () => performance.now(),
    });
    const results = await runCorpus(corpus, conductor);
    const all = summarize(results.map((r) => r.score));
    const cats = byCategory(results);
    // The holdout sets: written without tuning on them — the honest figures for unseen speech.
    const holdouts = new Map<
      'holdout' | 'holdout2' | 'holdout3',
      { summary: Summary; cats: Map<string, Summary> }
    >();
    const failures = failuresOf('cases', corpus, results);
    for (const set of ['holdout', 'holdout2', 'holdout3'] as const) {
      if (!existsSync(join(dir, set))) continue;
      const c = await loadCorpus(dir, ROOT, set);
      const r = await runCorpus(c, conductor);
      holdouts.set(set, { summary: summarize(r.map((x) => x.score)), cats: byCategory(r) });
      failures.push(...failuresOf(set, c, r));
    }
    const holdout = holdouts.get('holdout')?.summary;
    const holdout2 = holdouts.get('holdout2')?.summary;
    const holdout3 = holdouts.get('holdout3')?.summary;
    return {
      keys: {
        judgement_cases: all.cases,
        judgement_kind_accuracy: all.kind_accuracy,
        judgement_value_accuracy: all.value_accuracy,
        judgement_capture_accuracy: all.capture_accuracy,
        judgement_route_accuracy: all.route_accuracy,
        judgement_decisive_misroutes: all.decisive_misroutes,
        judgement_probe_precision: all.probe_precision,
        judgement_probe_recall: all.probe_recall,
        judgement_confirmations: all.confirmations,
        judgement_holdout_cases: holdout?.cases ?? null,
        judgement_holdout_kind_accuracy: holdout?.kind_accuracy ?? null,
        judgement_holdout_value_accuracy: holdout?.value_accuracy ?? null,
        judgement_holdout_capture_accuracy: holdout?.capture_accuracy ?? null,
        judgement_holdout_route_accuracy: holdout?.route_accuracy ?? null,
        judgement_holdout_decisive_misroutes: holdout?.decisive_misroutes ?? null,
        judgement_holdout2_cases: holdout2?.cases ?? null,
        judgement_holdout2_kind_accuracy: holdout2?.kind_accuracy ?? null,
        judgement_holdout2_value_accuracy: holdout2?.value_accuracy ?? null,
        judgement_holdout2_capture_accuracy: holdout2?.capture_accuracy ?? null,
        judgement_holdout2_route_accuracy: holdout2?.route_accuracy ?? null,
        judgement_holdout2_decisive_misroutes: holdout2?.decisive_misroutes ?? null,
        judgement_holdout2_confirmations: holdout2?.confirmations ?? null,
        judgement_holdout2_probe_precision: holdout2?.probe_precision ?? null,
        judgement_holdout2_probe_recall: holdout2?.probe_recall ?? null,
        judgement_holdout3_cases: holdout3?.cases ?? null,
        judgement_holdout3_kind_accuracy: holdout3?.kind_accuracy ?? null,
        judgement_holdout3_value_accuracy: holdout3?.value_accuracy ?? null,
        judgement_holdout3_capture_accuracy: holdout3?.capture_accuracy ?? null,
        judgement_holdout3_route_accuracy: holdout3?.route_accuracy ?? null,
        judgement_holdout3_decisive_misroutes: holdout3?.decisive_misroutes ?? null,
        judgement_holdout3_confirmations: holdout3?.confirmations ?? null,
        judgement_holdout3_probe_precision: holdout3?.probe_precision ?? null,
        judgement_holdout3_probe_recall: holdout3?.probe_recall ?? null,
      },
      rows: [
        row(`judgement (${mode}, ${all.cases} cases)`, all),
        ...[...cats].map(([k, s]) => row(`  ${k} (${s.cases})`, s)),
        ...(holdout !== undefined
          ? [row(`holdout (${mode}, ${holdout.cases} cases, written after the rules)`, holdout)]
          : []),
        ...(holdout2 !== undefined
          ? [
              row(`holdout2 (${mode}, ${holdout2.cases} cases, phone-call speech, tuned on since)`, holdout2),
              ...[...holdouts.get('holdout2')!.cats].map(([k, s]) => row(`  ${k} (${s.cases})`, s)),
            ]
          : []),
      ],
      details: {
        judgement: {
          conductor: mode,
          overall: all,
          by_category: Object.fromEntries(cats),
          holdout: holdout ?? null,
          holdout2: holdout2 ?? null,
          holdout2_by_category: Object.fromEntries(holdouts.get('holdout2')?.cats ?? []),
          holdout3: holdout3 ?? null,
          holdout3_by_category: Object.fromEntries(holdouts.get('holdout3')?.cats ?? []),
          failures,
        },
      },
      notes: [],
    };
  },
};
