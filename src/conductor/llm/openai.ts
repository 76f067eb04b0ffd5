import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ProviderConnection } from '../types.js';
import {
  parseJson,
  retryInstruction,
  type ModelClient,
  type StructuredRequest,
  type StructuredResult,
  type TextRequest,
} from './client.js';

/**
 * OpenAI through the official SDK: Chat Completions with `response_format: json_schema` (strict) for
 * the assessment, `stream: true` for phrasing. SDK retries are off: the conductor owns retry policy
 * (one retry with the error, then a fallback), so a slow provider cannot stall a turn. The SDK module
 * (~12 MB) is loaded when the client is made, in the background, so a process that never uses OpenAI
 * never loads it, and the first call does not wait for it.
 */
export function createOpenAIClient(conn: ProviderConnection, timeoutMs: number): ModelClient {
  const sdk: Promise<OpenAI> = import('openai').then(
    ({ default: OpenAI }) =>
      new OpenAI({
        apiKey: conn.apiKey,
        ...(conn.baseURL !== undefined ? { baseURL: conn.baseURL } : {}),
        maxRetries: 0,
        timeout: timeoutMs,
      }),
  );
  return {
    provider: 'openai',
    async structured(req: StructuredRequest, previous): Promise<StructuredResult> {
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ];
      if (previous !== undefined && previous.state.type === 'openai') {
        messages.push({ role: 'assistant', content: previous.state.assistantContent });
        messages.push({ role: 'user', content: retryInstruction(previous.error) });
      }
      const client = await sdk;
      const res = await client.chat.completions.create(
        {
          model: req.model,
          messages,
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: req.name,
              description: req.description,
              schema: req.jsonSchema,
              strict: true,
            },
          },
        },
        { signal: req.signal },
      );
      const message = res.choices[0]?.message;
      const raw = message?.content ?? '';
      if (message?.refusal != null && raw === '') {
        return {
          json: undefined,
          raw: `refusal: ${message.refusal}`,
          retry: { type: 'openai', assistantContent: '' },
        };
      }
      return { json: parseJson(raw), raw, retry: { type: 'openai', assistantContent: raw } };
    },
    async *stream(req: TextRequest): AsyncIterable<string> {
      const client = await sdk;
      const stream = await client.chat.completions.create(
        {
          model: req.model,
          messages: [
            { role: 'system', content: req.system },
            { role: 'user', content: req.user },
          ],
          max_completion_tokens: req.maxTokens,
          stream: true,
        },
        { signal: req.signal },
      );
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (typeof delta === 'string' && delta !== '') yield delta;
      }
    },
  };
}
