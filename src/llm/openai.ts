import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  modelError,
  parseJson,
  type ModelClient,
  type StructuredRequest,
  type StructuredResult,
  type TextRequest,
} from './client.js';
import type { ClientPolicy, ProviderConnection } from './connection.js';

/**
 * OpenAI through the official SDK: Chat Completions with `response_format: json_schema` (strict) for
 * structured output, streamed (`stream: true`) when the caller reads the partial output, and streamed
 * plain text. The SDK module (~12 MB) is loaded when the client is made, in the background, so a process
 * that never uses OpenAI never loads it and the first call does not wait for it.
 */
export function createOpenAIClient(conn: ProviderConnection, policy: ClientPolicy): ModelClient {
  const sdk: Promise<OpenAI> = import('openai').then(
    ({ default: OpenAI }) =>
      new OpenAI({
        apiKey: conn.apiKey,
        baseURL: conn.baseURL ?? null,
        maxRetries: policy.maxRetries,
        timeout: policy.timeoutMs,
      }),
  );
  const call = async <T>(signal: AbortSignal | undefined, fn: (c: OpenAI) => Promise<T>): Promise<T> => {
    try {
      return await fn(await sdk);
    } catch (err) {
      throw modelError('openai', err, signal);
    }
  };
  return {
    provider: 'openai',
    structured(req: StructuredRequest): Promise<StructuredResult> {
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ];
      const c = req.correction;
      if (c !== undefined && c.state.type === 'openai') {
        messages.push({ role: 'assistant', content: c.state.assistantContent });
        messages.push({ role: 'user', content: c.message });
      }
      const body = {
        model: req.model,
        messages,
        max_completion_tokens: req.maxTokens ?? 1024,
        response_format: {
          type: 'json_schema' as const,
          json_schema: { name: req.name, description: req.description, schema: req.jsonSchema, strict: true },
        },
      };
      return call(req.signal, async (client) => {
        let raw = '';
        let refusal = '';
        let finish: string | null = null;
        if (req.onText !== undefined) {
          const stream = await client.chat.completions.create(
            { ...body, stream: true },
            { signal: req.signal },
          );
          for await (const chunk of stream) {
            const choice = chunk.choices[0];
            if (choice === undefined) continue;
            if (typeof choice.delta.refusal === 'string') refusal += choice.delta.refusal;
            if (typeof choice.delta.content === 'string' && choice.delta.content !== '') {
              raw += choice.delta.content;
              req.onText(raw);
            }
            if (choice.finish_reason !== null) finish = choice.finish_reason;
          }
        } else {
          const res = await client.chat.completions.create(body, { signal: req.signal });
          const choice = res.choices[0];
          raw = choice?.message.content ?? '';
          refusal = choice?.message.refusal ?? '';
          finish = choice?.finish_reason ?? null;
        }
        return result(raw, refusal, finish);
      });
    },
    async *stream(req: TextRequest): AsyncIterable<string> {
      const stream = await call(req.signal, (client) =>
        client.chat.completions.create(
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
        ),
      );
      try {
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta?.content;
          if (typeof delta === 'string' && delta !== '') yield delta;
        }
      } catch (err) {
        throw modelError('openai', err, req.signal);
      }
    },
  };
}

function result(raw: string, refusal: string, finish: string | null): StructuredResult {
  if (refusal !== '' && raw === '') {
    return {
      json: undefined,
      raw: `refusal: ${refusal}`,
      problem: 'The model refused to answer.',
      retry: { type: 'openai', assistantContent: '' },
    };
  }
  const retry = { type: 'openai' as const, assistantContent: raw };
  if (finish === 'length') {
    return { json: undefined, raw, retry, problem: 'The output was cut off at the length limit.' };
  }
  const json = parseJson(raw);
  return json === undefined
    ? { json, raw, retry, problem: 'The output was not valid JSON.' }
    : { json, raw, retry };
}
