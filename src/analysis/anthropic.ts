import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import {
  ANALYSIS_TOOL_NAME,
  correctionMessage,
  type LlmProvider,
  type ProviderOptions,
  type ProviderOutput,
} from './llm.js';

export type AnthropicProviderOptions = ProviderOptions;

/**
 * Anthropic Messages API with a forced tool call: the tool's `input_schema` is the analysis JSON schema and
 * `tool_choice` names it, so the answer arrives as the tool's input. The corrective retry replays the
 * tool_use block and answers it with an `is_error` tool_result carrying the validation error.
 */
export function anthropicProvider(options: AnthropicProviderOptions): LlmProvider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 2,
  });
  return {
    kind: 'anthropic',
    model: options.model,
    async complete(prompt, jsonSchema, correction): Promise<ProviderOutput> {
      const tool: Tool = {
        name: ANALYSIS_TOOL_NAME,
        description: 'Record the structured analysis of the interview.',
        input_schema: jsonSchema as Tool['input_schema'],
      };
      const messages: MessageParam[] = [{ role: 'user', content: prompt.user }];
      if (correction !== null) {
        const prev = correction.previous;
        if (prev.toolUseId !== undefined) {
          messages.push({
            role: 'assistant',
            content: [
              { type: 'tool_use', id: prev.toolUseId, name: ANALYSIS_TOOL_NAME, input: prev.value ?? {} },
            ],
          });
          messages.push({
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: prev.toolUseId,
                is_error: true,
                content: correctionMessage(correction.error),
              },
            ],
          });
        } else {
          messages.push({ role: 'assistant', content: prev.raw.trim() === '' ? '(no tool call)' : prev.raw });
          messages.push({
            role: 'user',
            content: `${correctionMessage(correction.error)}\nCall the ${ANALYSIS_TOOL_NAME} tool.`,
          });
        }
      }
      const res = await client.messages.create({
        model: options.model,
        max_tokens: options.maxOutputTokens ?? 8000,
        system: prompt.system,
        messages,
        tools: [tool],
        tool_choice: { type: 'tool', name: ANALYSIS_TOOL_NAME },
      });
      const text = res.content
        .filter((b): b is Extract<typeof b, { type: 'text' }> => b.type === 'text')
        .map((b) => b.text)
        .join('\n');
      const call = res.content.find(
        (b): b is Extract<typeof b, { type: 'tool_use' }> =>
          b.type === 'tool_use' && b.name === ANALYSIS_TOOL_NAME,
      );
      if (call === undefined) {
        return {
          value: undefined,
          raw: text,
          problem: `The response did not call the ${ANALYSIS_TOOL_NAME} tool.`,
        };
      }
      const raw = JSON.stringify(call.input);
      if (res.stop_reason === 'max_tokens') {
        return {
          value: call.input,
          raw,
          toolUseId: call.id,
          problem: 'The output was cut off (max_tokens); return a shorter analysis.',
        };
      }
      return { value: call.input, raw, toolUseId: call.id };
    },
  };
}
