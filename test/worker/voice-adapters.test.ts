import { initializeLogger, llm } from '@livekit/agents';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AnthropicLLM, toAnthropicMessages } from '../../src/worker/voice/anthropic-llm.js';
import { StreamingOpenAITTS } from '../../src/worker/voice/openai-tts.js';
import { messageText, startFakeAnthropic, type FakeAnthropicServer } from '../fakes/anthropic-server.js';
import { startFakeVoiceOpenAI, type FakeVoiceOpenAIServer } from '../fakes/tts-server.js';

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'silent' });
});

let oa: FakeVoiceOpenAIServer | undefined;
let an: FakeAnthropicServer | undefined;
afterEach(async () => {
  await oa?.close();
  await an?.close();
  oa = undefined;
  an = undefined;
});

describe('StreamingOpenAITTS', () => {
  test('emits the first frame while the body is still streaming, and all of the audio', async () => {
    // 10 chunks of 100 ms spaced 60 ms apart: a buffering client would see nothing for ~600 ms
    oa = await startFakeVoiceOpenAI({ chunkDelayMs: 60 });
    const tts = new StreamingOpenAITTS({ apiKey: 'k', baseURL: oa.baseURL, voice: 'verse', speed: 1.1 });
    const t0 = Date.now();
    let first = 0;
    let samples = 0;
    let finals = 0;
    for await (const audio of tts.synthesize('Thanks for joining. Could you tell me about your role?')) {
      if (first === 0) first = Date.now() - t0;
      samples += audio.frame.samplesPerChannel;
      if (audio.final) finals += 1;
      expect(audio.frame.sampleRate).toBe(24_000);
    }
    const total = Date.now() - t0;
    expect(samples / 24_000).toBeGreaterThan(1.5);
    expect(finals).toBe(1);
    expect(first).toBeLessThan(total - 300);
    expect(oa.speech[0]).toMatchObject({ voice: 'verse', response_format: 'pcm', speed: 1.1 });
    await tts.close();
  });
});

describe('AnthropicLLM', () => {
  test('streams text chunks and usage from the Messages API', async () => {
    // no key check: SDK 1.12 sends the key as `Authorization: Bearer`, the shared fake checks `x-api-key`
    an = await startFakeAnthropic();
    an.enqueue(messageText('Could you give me a recent example of that?', { chunkSize: 8 }));
    const model = new AnthropicLLM({ apiKey: 'ak', baseURL: an.url, model: 'claude-test' });
    const ctx = llm.ChatContext.empty();
    ctx.addMessage({ role: 'system', content: 'You are an interviewer.' });
    ctx.addMessage({ role: 'assistant', content: 'What do you do?' });
    ctx.addMessage({ role: 'user', content: 'I run a bakery.' });
    let text = '';
    let deltas = 0;
    let usage: llm.ChatChunk['usage'];
    for await (const chunk of model.chat({ chatCtx: ctx })) {
      if (chunk.delta?.content) {
        text += chunk.delta.content;
        deltas += 1;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Could you give me a recent example of that?');
    expect(deltas).toBeGreaterThan(2);
    expect(usage?.completionTokens).toBeGreaterThan(0);
    const body = an.messageRequests()[0]?.body;
    expect(body.model).toBe('claude-test');
    expect(body.stream).toBe(true);
    expect(body.system).toBe('You are an interviewer.');
    expect(body.messages[0]).toEqual({ role: 'user', content: '(begin)' });
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'I run a bakery.' });
  });

  test('merges consecutive same-role messages', () => {
    const ctx = llm.ChatContext.empty();
    ctx.addMessage({ role: 'user', content: 'a' });
    ctx.addMessage({ role: 'user', content: 'b' });
    expect(toAnthropicMessages(ctx).messages).toEqual([{ role: 'user', content: 'a\nb' }]);
  });
});
