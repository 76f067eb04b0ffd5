import type { ModelClient, RetryState, StructuredResult } from '../../llm/client.js';
import type { ModelProvider } from '../../llm/connection.js';
import { createModelClient } from '../../llm/create.js';
import type { AnalysisPrompt } from './prompt.js';
import { ANALYSIS_SCHEMA_NAME, ANALYSIS_TOOL_NAME } from './schema.js';

/** What an LLM provider implements for the analyzer (`modelProvider` below, over src/llm). */

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

/**
 * The analyzer's provider over the shared model-client layer (src/llm): OpenAI structured output
 * (`response_format: json_schema`, strict) or an Anthropic forced tool call; the corrective retry replays
 * the previous answer (the tool_use block answered by an `is_error` tool_result on Anthropic).
 */
export function modelProvider(kind: ModelProvider, options: ProviderOptions): LlmProvider {
  const client: ModelClient = createModelClient(
    kind,
    {
      [kind]: {
        apiKey: options.apiKey,
        ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
      },
    },
    { timeoutMs: options.timeoutMs ?? 120_000, maxRetries: options.maxRetries ?? 2 },
    'the analysis',
  );
  return {
    kind,
    model: options.model,
    async complete(prompt, jsonSchema, correction): Promise<ProviderOutput> {
      const res = await client.structured({
        model: options.model,
        system: prompt.system,
        user: prompt.user,
        name: kind === 'openai' ? ANALYSIS_SCHEMA_NAME : ANALYSIS_TOOL_NAME,
        description: 'Record the structured analysis of the interview.',
        jsonSchema,
        maxTokens: options.maxOutputTokens ?? 8000,
        correction:
          correction !== null
            ? { state: retryStateOf(kind, correction.previous), message: correctionMessage(correction.error) }
            : undefined,
      });
      return outputOf(res);
    },
  };
}

function retryStateOf(kind: ModelProvider, previous: ProviderOutput): RetryState {
  switch (kind) {
    case 'openai':
      return { type: 'openai', assistantContent: previous.raw };
    case 'anthropic':
      return {
        type: 'anthropic',
        toolUseId: previous.toolUseId ?? null,
        input: previous.value,
        text: previous.raw,
      };
  }
}

function outputOf(res: StructuredResult): ProviderOutput {
  const out: ProviderOutput = { value: res.json, raw: res.raw };
  if (res.problem !== undefined) out.problem = res.problem;
  if (res.retry.type === 'anthropic' && res.retry.toolUseId !== null) out.toolUseId = res.retry.toolUseId;
  return out;
}
