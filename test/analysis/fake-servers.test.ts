import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, messageToolUse, type FakeAnthropicServer } from '../fakes/anthropic-server.js';
import { startFakeOpenAI, chatText, chatToolCalls, type FakeOpenAIServer } from '../fakes/openai-server.js';

/** The fake providers speak the real wire protocols: the official SDKs parse what they send. */

describe('fake OpenAI server', () => {
  let fake: FakeOpenAIServer;
  let client: OpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    client = new OpenAI({ apiKey: 'sk', baseURL: fake.baseURL, maxRetries: 0, timeout: 2000 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers chat completions and records the request', async () => {
    fake.enqueue(chatText('Hello there.'));
    const res = await client.chat.completions.create({
      model: 'gpt-x',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.choices[0]!.message.content).toBe('Hello there.');
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.model).toBe('gpt-x');
    expect(fake.chatRequests()[0]!.body.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(fake.pending()).toBe(0);
  });

  it('streams content and tool calls as SSE chunks, with usage when asked', async () => {
    fake.enqueue({
      ...chatText('The quick brown fox jumps over the lazy dog.'),
      chunkSize: 5,
      chunkDelayMs: 1,
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-x',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: unknown = null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('The quick brown fox jumps over the lazy dog.');
    expect(chunks).toBeGreaterThan(9);
    expect(usage).toMatchObject({ total_tokens: expect.any(Number) });

    fake.enqueue(
      chatToolCalls([{ name: 'lookup', arguments: { city: 'Lisbon', days: 3 } }], { chunkSize: 4 }),
    );
    const runner = client.chat.completions.stream({
      model: 'gpt-x',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('lookup');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({
      city: 'Lisbon',
      days: 3,
    });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('serves errors in the OpenAI format, delays, hangs and a default when the queue is empty', async () => {
    fake.enqueue({
      type: 'error',
      status: 429,
      message: 'slow down',
      errorType: 'rate_limit_error',
      code: 'rate_limit',
    });
    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 429, code: 'rate_limit', type: 'rate_limit_error' });

    fake.enqueue({ ...chatText('late'), delayMs: 150 });
    const late = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(late.choices[0]?.message.content).toBe('late');

    fake.enqueue({ type: 'hang' });
    await expect(
      client.chat.completions.create(
        { model: 'm', messages: [{ role: 'user', content: 'x' }] },
        { timeout: 200 },
      ),
    ).rejects.toThrow(/timed out/i);

    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 500 });

    fake.setFallback((req) => chatText(`echo ${req.body.messages.length}`));
    const res = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.choices[0]!.message.content).toBe('echo 1');
    fake.setFallback(null);
  });
});

describe('fake Anthropic server', () => {
  let fake: FakeAnthropicServer;
  let client: Anthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    client = new Anthropic({ apiKey: 'sk-ant', baseURL: fake.url, maxRetries: 0, timeout: 2000 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers with tool_use blocks', async () => {
    fake.enqueue(messageToolUse('record', { a: 1 }));
    const res = await client.messages.create({
      model: 'claude-x',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'go' }],
      tools: [{ name: 'record', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'record' },
    });
    expect(res.stop_reason).toBe('tool_use');
    expect(res.content[0]).toMatchObject({ type: 'tool_use', name: 'record', input: { a: 1 } });
    expect(fake.messageRequests()[0]!.body.tool_choice).toEqual({ type: 'tool', name: 'record' });
  });

  it('streams text and tool input as Messages API events', async () => {
    fake.enqueue({
      type: 'message',
      content: [
        { type: 'text', text: 'Let me record that for you.' },
        { type: 'tool_use', name: 'record', input: { items: ['x', 'y'], n: 2 } },
      ],
      chunkSize: 3,
    });
    const stream = client.messages.stream({
      model: 'claude-x',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'go' }],
    });
    const events: string[] = [];
    stream.on('streamEvent', (e) => events.push(e.type));
    let text = '';
    stream.on('text', (t) => (text += t));
    const final = await stream.finalMessage();
    expect(text).toBe('Let me record that for you.');
    expect(final.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'record',
      input: { items: ['x', 'y'], n: 2 },
    });
    expect(final.stop_reason).toBe('tool_use');
    expect(events[0]).toBe('message_start');
    expect(events).toContain('content_block_delta');
    expect(events.at(-1)).toBe('message_stop');
  });

  it('serves errors in the Anthropic format', async () => {
    fake.enqueue({ type: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' });
    await expect(
      client.messages.create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 529 });
    fake.enqueue(messageToolUse('record', {}));
    // Missing max_tokens is a 400 like the real API.
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'c', messages: [] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(fake.pending()).toBe(1);
  });
});
