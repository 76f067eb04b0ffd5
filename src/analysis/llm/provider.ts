import type { AnalysisPrompt } from './prompt.js';

/** What an LLM provider (openai.ts, anthropic.ts) implements for the analyzer. */

/** One model response, before validation. */
export interface ProviderOutput {
  /** The parsed JSON (OpenAI) or tool input (Anthropic); undefined when there was none. */
  value: unknown;
  /** Raw text of the response, replayed to the model in the corrective retry. */
  raw: string;
  /** Set when the response could not be read at all (no JSON, refusal, truncated, no tool call). */
  problem?: string;
  /** Anthropic: id of the tool_use block, for the tool_result of the corrective retry. */
  toolUseId?: string;
}

/** Connection settings shared by both providers' analysis clients. */
export interface ProviderOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  maxOutputTokens?: number | undefined;
}

export interface LlmProvider {
  readonly kind: 'openai' | 'anthropic';
  readonly model: string;
  /** Asks for the analysis; with `correction`, replays the previous output and the validation error. */
  complete(
    prompt: AnalysisPrompt,
    jsonSchema: Record<string, unknown>,
    correction: { previous: ProviderOutput; error: string } | null,
  ): Promise<ProviderOutput>;
}

export function correctionMessage(error: string): string {
  return (
    'Your previous output did not match the required schema:\n' +
    error +
    '\nReturn the complete corrected analysis that satisfies the schema.'
  );
}
