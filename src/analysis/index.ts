import type { Analyzer, AnalysisLogger } from './analyzer.js';
import type { AnalysisInput, AnalysisResult } from './types.js';
import { LlmAnalyzer } from './llm.js';
import { analyzeOffline, OFFLINE_MODEL, OfflineAnalyzer } from './offline.js';
import { modelProvider } from './llm/provider.js';

export type { Analyzer, AnalysisLogger } from './analyzer.js';
export * from './types.js';
export { OFFLINE_MODEL, analyzeOffline } from './offline.js';
export { ANALYSIS_TOOL_NAME } from './llm.js';

export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';

export interface AnalyzerConfig {
  openaiApiKey?: string | undefined;
  openaiBaseUrl?: string | undefined;
  anthropicApiKey?: string | undefined;
  anthropicBaseUrl?: string | undefined;
  /** The agent's `model_config.assessment`. Without it, the first provider with a key is used. */
  assessment?: { provider: 'openai' | 'anthropic'; model: string } | undefined;
  now: () => number;
  /** Per-request timeout (default 120 s). */
  timeoutMs?: number | undefined;
  /** SDK retries on connection errors, 408/409/429/5xx (default 2). */
  maxRetries?: number | undefined;
  logger?: AnalysisLogger | undefined;
}

/**
 * The analyzer for a configuration: the LLM analyzer of the chosen provider when its API key is present,
 * otherwise the offline analyzer (also when the chosen provider has no key).
 */
export function createAnalyzer(config: AnalyzerConfig): Analyzer {
  const choice =
    config.assessment ??
    (nonEmpty(config.openaiApiKey)
      ? { provider: 'openai' as const, model: DEFAULT_OPENAI_MODEL }
      : nonEmpty(config.anthropicApiKey)
        ? { provider: 'anthropic' as const, model: DEFAULT_ANTHROPIC_MODEL }
        : null);
  if (choice === null) return new OfflineAnalyzer(config.now);
  const common = { model: choice.model, timeoutMs: config.timeoutMs, maxRetries: config.maxRetries };
  if (choice.provider === 'openai' && nonEmpty(config.openaiApiKey)) {
    return new LlmAnalyzer(
      modelProvider('openai', { ...common, apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl }),
      config.now,
      config.logger,
    );
  }
  if (choice.provider === 'anthropic' && nonEmpty(config.anthropicApiKey)) {
    return new LlmAnalyzer(
      modelProvider('anthropic', {
        ...common,
        apiKey: config.anthropicApiKey,
        baseURL: config.anthropicBaseUrl,
      }),
      config.now,
      config.logger,
    );
  }
  // A provider was asked for by name but has no key: never a silent offline result.
  return new UnavailableAnalyzer(choice.provider, choice.model, config.now, config.logger);
}

/** The offline analyzer, standing in for a requested provider without a key (metadata.fallback says so). */
class UnavailableAnalyzer implements Analyzer {
  readonly model = OFFLINE_MODEL;
  constructor(
    private readonly provider: 'openai' | 'anthropic',
    private readonly requested: string,
    private readonly now: () => number,
    private readonly logger: AnalyzerConfig['logger'],
  ) {}
  analyze(input: AnalysisInput): Promise<AnalysisResult> {
    const detail = `ANALYZER_UNAVAILABLE: ${this.provider} is configured for analysis but has no API key`;
    this.logger?.warn({ analyzer: this.provider, model: this.requested }, 'analysis provider unavailable');
    const offline = analyzeOffline(input, this.now);
    return Promise.resolve({
      ...offline,
      metadata: {
        ...offline.metadata,
        fallback: { from: this.provider, model: this.requested, reason: 'unavailable', detail },
      },
    });
  }
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
