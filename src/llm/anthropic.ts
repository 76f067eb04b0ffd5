import type Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import {
  modelError,
  type ModelClient,
  type StructuredRequest,
  type StructuredResult,
  type TextRequest,
} from './client.js';
import type { ClientPolicy, ProviderConnection } from './connection.js';

/**
 * Anthropic through the official SDK: structured output is a forced tool call (`tool_choice: {type:
 * 'tool'}`) whose `input_schema` is the output schema, streamed as `input_json_delta` events when the
 * caller reads the partial output; the corrective retry answers the failed tool call with an `is_error`
 * tool_result. Plain text streams through the Messages API. The SDK module (~25 MB) is loaded when the
 * client is made, in the background (see openai.ts).
 */
export function createAnthropicClient(conn: ProviderConnection, policy: ClientPolicy): ModelClient {
  const sdk: Promise<Anthropic> = import('@anthropic-ai/sdk').then(
    ({ default: Anthropic }) =>
      new Anthropic({
        apiKey: conn.apiKey,
        baseURL: conn.baseURL ?? null,
        maxRetries: policy.maxRetries,
        timeout: policy.timeoutMs,
      }),
  );
  const call = async <T>(signal: AbortSignal | undefined, fn: (c: Anthropic) => Promise<T>): Promise<T> => {
    try {
      return await fn(await sdk);
    } catch (err) {
      throw modelError('anthropic', err, signal);
    }
  };
  return {
    provider: 'anthropic',
    structured(req: StructuredRequest): Promise<StructuredResult> {
      const tool: Tool = {
        name: req.name,
        description: req.description,
        input_schema: req.jsonSchema as Tool['input_schema'],
      };
      const body = {
        model: req.model,
        max_tokens: req.maxTokens ?? 1024,
        system: req.system,
        messages: messagesOf(req),
        tools: [tool],
        tool_choice: { type: 'tool' as const, name: req.name },
      };
      return call(req.signal, async (client) => {
        let res: Message;
        const onText = req.onText;
        if (onText !== undefined) {
          const stream = client.messages.stream(body, { signal: req.signal });
          let raw = '';
          stream.on('streamEvent', (event) => {
            if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
              raw += event.delta.partial_json;
              onText(raw);
            }
          });
          res = await stream.finalMessage();
        } else {
          res = await client.messages.create(body, { signal: req.signal });
        }
        return result(res, req.name);
      });
    },
    async *stream(req: TextRequest): AsyncIterable<string> {
      const stream = await call(req.signal, (client) =>
        client.messages.create(
          {
            model: req.model,
            max_tokens: req.maxTokens,
            system: req.system,
            messages: [{ role: 'user', content: req.user }],
            stream: true,
          },
          { signal: req.signal },
        ),
      );
      try {
        for await (const event of stream) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
            yield event.delta.text;
        }
      } catch (err) {
        throw modelError('anthropic', err, req.signal);
      }
    },
  };
}

function messagesOf(req: StructuredRequest): MessageParam[] {
  const messages: MessageParam[] = [{ role: 'user', content: req.user }];
  const c = req.correction;
  if (c === undefined || c.state.type !== 'anthropic') return messages;
  const p = c.state;
  if (p.toolUseId !== null) {
    messages.push({
      role: 'assistant',
      content: [{ type: 'tool_use', id: p.toolUseId, name: req.name, input: p.input ?? {} }],
    });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: p.toolUseId, is_error: true, content: c.message }],
    });
  } else {
    messages.push({ role: 'assistant', content: p.text.trim() !== '' ? p.text : '(no tool call)' });
    messages.push({ role: 'user', content: `${c.message}\nCall the ${req.name} tool.` });
  }
  return messages;
}

function result(res: Message, name: string): StructuredResult {
  const use = res.content.find((b) => b.type === 'tool_use' && b.name === name);
  if (use !== undefined && use.type === 'tool_use') {
    const retry = { type: 'anthropic' as const, toolUseId: use.id, input: use.input, text: '' };
    const raw = JSON.stringify(use.input);
    if (res.stop_reason === 'max_tokens') {
      return { json: use.input, raw, retry, problem: 'The output was cut off at the max_tokens limit.' };
    }
    return { json: use.input, raw, retry };
  }
  const text = res.content
    .map((b) => (b.type === 'text' ? b.text : ''))
    .join('')
    .trim();
  return {
    json: undefined,
    raw: text,
    problem: `The response did not call the ${name} tool.`,
    retry: { type: 'anthropic', toolUseId: null, input: null, text },
  };
}
