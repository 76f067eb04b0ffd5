import type { TurnDetectorName } from '../../src/worker/turn/delays.js';
import type { ProviderProfileName } from '../fakes/provider-timing.js';

/**
 * The JSON keys of issue 6 and later ones (`--json FILE`); a part that did not run leaves its keys null.
 * `e2e_*_typed` / `e2e_*_open`: the latency part's end of speech → first agent audio over its yes/no,
 * rating and choice turns together, and over its open ones (issue 14).
 */
export const RESULT_KEYS = [
  'added_latency_p50_ms',
  'added_latency_p95_ms',
  'e2e_latency_p50_ms',
  'e2e_p50_ms_typed',
  'e2e_p95_ms_typed',
  'e2e_p50_ms_open',
  'e2e_p95_ms_open',
  'ideal_latency_ms',
  // the turns part (issue 14 §3): false cut-offs for the worker's default detector, and per detector
  'false_cutoff_rate',
  ...(['vad', 'livekit', 'parley'] as const).flatMap(
    (d) =>
      [
        `turns_false_cutoff_rate_${d}`,
        `turns_e2e_p50_ms_typed_${d}`,
        `turns_e2e_p95_ms_typed_${d}`,
        `turns_e2e_p50_ms_open_${d}`,
        `turns_e2e_p95_ms_open_${d}`,
      ] as const,
  ),
  'max_concurrent_interviews',
  'job_rss_mb_median',
  'store_turns_ratio_vs_node_http',
  'sse_p99_ms_100',
  'sse_p99_ms_1000',
  'webhook_p95_ms',
  'engine_steps_per_s',
  // the worker's VAD (issue 14 section 4): process CPU per second of audio, offline
  'vad_cpu_ms_per_audio_s',
  'vad_cpu_ms_per_audio_s_silero_plugin',
  'vad_end_lag_p50_ms',
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
  'analysis_cases',
  'analysis_sentiment_accuracy',
  'analysis_theme_precision',
  'analysis_theme_recall',
  'analysis_quote_coverage',
  'analysis_scorecard_order_accuracy',
  'analysis_verbatim_violations',
  // the holdout set (test/bench/analysis/holdout), labelled before the analyzer was tuned on it
  'analysis_holdout_cases',
  'analysis_holdout_sentiment_accuracy',
  'analysis_holdout_overall_sentiment_accuracy',
  'analysis_holdout_theme_precision',
  'analysis_holdout_theme_recall',
  'analysis_holdout_quote_coverage',
  'analysis_holdout_must_quote_recall',
  'analysis_holdout_scorecard_order_accuracy',
  'analysis_holdout_verbatim_violations',
  // holdout per-question sentiment accuracy by style
  'analysis_holdout_sentiment_sarcasm',
  'analysis_holdout_sentiment_hostile',
  'analysis_holdout_sentiment_terse_negative',
  'analysis_holdout_sentiment_mixed_feelings',
  'analysis_holdout_sentiment_rating_contradicts',
  'analysis_holdout_sentiment_off_topic',
  'analysis_holdout_sentiment_strong_candidate',
  // the second holdout (test/bench/analysis/holdout2), written after round two and never tuned on
  'analysis_holdout2_cases',
  'analysis_holdout2_sentiment_accuracy',
  'analysis_holdout2_overall_sentiment_accuracy',
  'analysis_holdout2_theme_precision',
  'analysis_holdout2_theme_recall',
  'analysis_holdout2_quote_coverage',
  'analysis_holdout2_must_quote_recall',
  'analysis_holdout2_scorecard_order_accuracy',
  'analysis_holdout2_verbatim_violations',
] as const;
export type ResultKey = (typeof RESULT_KEYS)[number];

export interface PartContext {
  quick: boolean;
  /** Store backends to measure: pglite, and postgres when PARLEY_BENCH_DATABASE_URL is set. */
  backends: ('pglite' | 'postgres')[];
  /** When set, store processes run with `--cpu-prof` into this directory. */
  profileDir: string | undefined;
  /** The worker's PARLEY_PREEMPTIVE for the voice parts (default: the worker's default, `speech`). */
  preemptive: PreemptiveMode;
  /** The fakes' provider timing profile for the voice parts (`--providers`, default realistic). */
  providers: ProviderProfileName;
  /** The conductor of the judgement part (`--conductor offline|llm`, default offline). */
  conductor?: 'offline' | 'llm';
  /** The turns part's detectors (`--detector`, repeatable; default all three). */
  detectors?: TurnDetectorName[];
  /** The turns part's answers by id (`--case`, repeatable; default all): to look at a few closely. */
  cases?: string[];
  /** More environment for the voice parts' workers (`--worker-env NAME=VALUE`, repeatable), e.g. a setting to compare. */
  workerEnv?: Record<string, string>;
}

export type PreemptiveMode = 'speech' | 'conductor' | 'off';

/** One table row: a metric per backend (or `all` for backend-independent metrics). */
export interface Row {
  metric: string;
  values: Partial<Record<'pglite' | 'postgres' | 'all', number | string | null>>;
  target?: string;
}

export interface PartResult {
  /** Values of the keys (the PGlite figure where a key depends on the backend). */
  keys: Partial<Record<ResultKey, number | null>>;
  rows: Row[];
  details: Record<string, unknown>;
  notes: string[];
}

export interface Part {
  name: string;
  description: string;
  /** Keys this part fills. */
  keys: ResultKey[];
  /** Diagnostics: run only when named on the command line. */
  onlyByName?: boolean;
  run(ctx: PartContext): Promise<PartResult>;
}
