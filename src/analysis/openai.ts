import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  ANALYSIS_SCHEMA_NAME,
  correctionMessage,
  type LlmProvider,
  type ProviderOptions,
  type ProviderOutput,
} from './llm.js';

export type OpenAIProviderOptions = ProviderOptions;

/**
 * OpenAI Chat Completions with structured output (`response_format: json_schema`, strict). The corrective
 * retry replays the model's previous answer as an assistant message followed by the validation error.
 */
export function openaiProvider(options: OpenAIProviderOptions): LlmProvider {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 2,
  });
  return {
    kind: 'openai',
    model: options.model,
    async complete(prompt, jsonSchema, correction): Promise<ProviderOutput> {
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ];
      if (correction !== null) {
        messages.push({ role: 'assistant', content: correction.previous.raw });
        messages.push({ role: 'user', content: correctionMessage(correction.error) });
      }
      const res = await client.chat.completions.create({
        model: options.model,
        messages,
        max_completion_tokens: options.maxOutputTokens ?? 8000,
        response_format: {
          type: 'json_schema',
          json_schema: { name: ANALYSIS_SCHEMA_NAME, strict: true, schema: jsonSchema },
        },
      });
      const choice = res.choices[0];
      if (choice === undefined) return { value: undefined, raw: '', problem: 'The response had no choices.' };
      const message = choice.message;
      if (message.refusal !== null && message.refusal !== undefined && message.refusal !== '') {
        return { value: undefined, raw: message.refusal, problem: 'The model refused to answer.' };
      }
      const raw = message.content ?? '';
      if (choice.finish_reason === 'length') {
        return {
          value: undefined,
          raw,
          problem: 'The output was cut off (length limit); return a shorter analysis.',
        };
      }
      try {
        return { value: JSON.parse(raw) as unknown, raw };
      } catch (err) {
        return {
          value: undefined,
          raw,
          problem: `The output was not valid JSON (${err instanceof Error ? err.message : 'parse error'}).`,
        };
      }
    },
  };
}
