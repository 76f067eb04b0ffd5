import type { AnalysisInput, AnalysisResult } from './types.js';

/** One analysis implementation (offline, OpenAI or Anthropic). */
export interface Analyzer {
  /** Reported as `model` in results (the offline analyzer reports OFFLINE_MODEL). */
  readonly model: string;
  analyze(input: AnalysisInput): Promise<AnalysisResult>;
}

/**
 * Where analyzers may log. Pino-compatible (`logger.warn(obj, msg)`). Analyzers log counts, models, error
 * classes and durations only — never transcript text or names.
 */
export interface AnalysisLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}
