import type Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { ProviderConnection } from '../types.js';
import {
  retryInstruction,
  type ModelClient,
  type StructuredRequest,
  type StructuredResult,
  type TextRequest,
} from './client.js';

/**
 * Anthropic through the official SDK: the assessment is a forced tool call (`tool_choice: {type: 'tool'}`)
 * whose `input_schema` is the output schema; phrasing uses the Messages streaming API. The retry answers
 * the failed tool call with an `is_error` tool_result carrying the validation error. The SDK module
 * (~25 MB) is loaded when the client is made, in the background (see openai.ts).
 */
export function createAnthropicClient(conn: ProviderConnection, timeoutMs: number): ModelClient {
  const sdk: Promise<Anthropic> = import('@anthropic-ai/sdk').then(
    ({ default: Anthropic }) =>
      new Anthropic({
        apiKey: conn.apiKey,
        ...(conn.baseURL !== undefined ? { baseURL: conn.baseURL } : {}),
        maxRetries: 0,
        timeout: timeoutMs,
      }),
  );
  return {
    provider: 'anthropic',
    async structured(req: StructuredRequest, previous): Promise<StructuredResult> {
      const messages: MessageParam[] = [{ role: 'user', content: req.user }];
      if (previous !== undefined && previous.state.type === 'anthropic') {
        const p = previous.state;
        if (p.toolUseId !== null) {
          messages.push({
            role: 'assistant',
            content: [{ type: 'tool_use', id: p.toolUseId, name: req.name, input: p.input ?? {} }],
          });
          messages.push({
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: p.toolUseId,
                is_error: true,
                content: retryInstruction(previous.error),
              },
            ],
          });
        } else {
          messages.push({ role: 'assistant', content: p.text !== '' ? p.text : '(no tool call)' });
          messages.push({ role: 'user', content: retryInstruction(previous.error) });
        }
      }
      const tool: Tool = {
        name: req.name,
        description: req.description,
        input_schema: req.jsonSchema as Tool['input_schema'],
      };
      const client = await sdk;
      const res = await client.messages.create(
        {
          model: req.model,
          max_tokens: 1024,
          system: req.system,
          messages,
          tools: [tool],
          tool_choice: { type: 'tool', name: req.name },
        },
        { signal: req.signal },
      );
      const use = res.content.find((b) => b.type === 'tool_use' && b.name === req.name);
      if (use !== undefined && use.type === 'tool_use') {
        return {
          json: use.input,
          raw: JSON.stringify(use.input),
          retry: { type: 'anthropic', toolUseId: use.id, input: use.input, text: '' },
        };
      }
      const text = res.content
        .map((b) => (b.type === 'text' ? b.text : ''))
        .join('')
        .trim();
      return { json: undefined, raw: text, retry: { type: 'anthropic', toolUseId: null, input: null, text } };
    },
    async *stream(req: TextRequest): AsyncIterable<string> {
      const client = await sdk;
      const stream = await client.messages.create(
        {
          model: req.model,
          max_tokens: req.maxTokens,
          system: req.system,
          messages: [{ role: 'user', content: req.user }],
          stream: true,
        },
        { signal: req.signal },
      );
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield event.delta.text;
      }
    },
  };
}
