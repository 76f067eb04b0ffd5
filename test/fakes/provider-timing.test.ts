import { afterEach, describe, expect, it } from 'vitest';
import {
  PROVIDER_PROFILES,
  providerTimingSchema,
  tokenCount,
  virtualClock,
  type FakeClock,
} from './provider-timing.js';
import { sseMessages } from '../store/sse.js';
import { startFakeVoiceOpenAI, type FakeVoiceOpenAIServer } from './tts-server.js';

/**
 * The fakes' pacing under a provider timing profile, over real HTTP on 127.0.0.1. A virtual clock makes
 * the schedule exact and instant (the fake waits on it, so its timestamps are the profile's to the
 * millisecond); one wall-clock test checks that the real clock really waits (lower bounds only).
 */

const REPLY = '{"kind":"answer","acknowledgement":null,"objective_met":true,"summary":"They use it daily."}';

let oa: FakeVoiceOpenAIServer | undefined;
afterEach(async () => {
  await oa?.close();
  oa = undefined;
});

async function chat(server: FakeVoiceOpenAIServer, stream: boolean): Promise<string> {
  const res = await fetch(`${server.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const text = await res.text();
  if (!stream)
    return (JSON.parse(text) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message
      .content;
  return sseMessages(text)
    .filter((m) => m.data !== '[DONE]')
    .map((m) => JSON.parse(m.data) as { choices: Array<{ delta: { content?: string } }> })
    .map((c) => c.choices[0]?.delta.content ?? '')
    .join('');
}

function start(clock: FakeClock, profile: keyof typeof PROVIDER_PROFILES) {
  const p = PROVIDER_PROFILES[profile];
  return startFakeVoiceOpenAI({
    clock,
    chat: () => REPLY,
    chatTiming: p.llm,
    speechFirstByteMs: p.tts.first_byte_ms,
    ...(p.tts.real_time_factor !== null ? { speechRealTimeFactor: p.tts.real_time_factor } : {}),
  });
}

describe('provider timing profiles', () => {
  it('every profile is valid and the realistic and slow ones have the issue’s numbers', () => {
    for (const p of Object.values(PROVIDER_PROFILES)) expect(providerTimingSchema.parse(p)).toEqual(p);
    expect(PROVIDER_PROFILES.realistic.llm).toEqual({ first_token_ms: 350, tokens_per_s: 80 });
    expect(PROVIDER_PROFILES.slow.llm).toEqual({ first_token_ms: 700, tokens_per_s: 40 });
    expect(
      providerTimingSchema.safeParse({ ...PROVIDER_PROFILES.ideal, llm: { first_token_ms: -1 } }).success,
    ).toBe(false);
  });

  it('a streamed chat: first token at first_token_ms, then one token every 1/rate s', async () => {
    const clock = virtualClock();
    oa = await start(clock, 'realistic');
    expect(await chat(oa, true)).toBe(REPLY);
    const [call] = oa.chatCalls;
    const n = tokenCount(REPLY);
    expect(call!.stream).toBe(true);
    expect(call!.output_tokens).toBe(n);
    expect(call!.chunkAt.map((t) => t - call!.at)).toEqual(
      Array.from({ length: n }, (_, i) => 350 + i * 12.5),
    );
  });

  it('a non-streamed chat answers when its last token would have arrived', async () => {
    const clock = virtualClock();
    oa = await start(clock, 'slow');
    expect(await chat(oa, false)).toBe(REPLY);
    const [call] = oa.chatCalls;
    expect(call!.stream).toBe(false);
    expect(call!.chunkAt.map((t) => t - call!.at)).toEqual([700 + (tokenCount(REPLY) - 1) * 25]);
  });

  it('the ideal profile gives the whole output with the first token, streamed or not', async () => {
    const clock = virtualClock();
    oa = await start(clock, 'ideal');
    expect(await chat(oa, true)).toBe(REPLY);
    expect(await chat(oa, false)).toBe(REPLY);
    for (const call of oa.chatCalls)
      expect(new Set(call.chunkAt.map((t) => t - call.at))).toEqual(new Set([300]));
  });

  it('speech: first byte at first_byte_ms, then audio at the real-time factor', async () => {
    const clock = virtualClock();
    oa = await start(clock, 'realistic');
    const res = await fetch(`${oa.baseURL}/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        input: 'One two three four five.',
        voice: 'alloy',
        model: 'm',
        response_format: 'pcm',
      }),
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    const [s] = oa.speech;
    expect(s!.firstByteAt! - s!.at).toBe(150);
    expect(s!.writes.length).toBeGreaterThan(5);
    // 48 bytes per ms of 24 kHz 16-bit audio, written 3× faster than it plays
    for (const w of s!.writes) expect(w.at - s!.firstByteAt!).toBeCloseTo(w.offset / 48 / 3, 6);
    expect(s!.writes.at(-1)!.offset).toBeLessThan(bytes);
  });

  it('on the wall clock the fake really waits (lower bounds only)', async () => {
    const p = PROVIDER_PROFILES.realistic;
    oa = await startFakeVoiceOpenAI({ chat: () => REPLY, chatTiming: p.llm });
    const sent = Date.now();
    const res = await fetch(`${oa.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [] }),
    });
    const seen: number[] = [];
    const decoder = new TextDecoder();
    for await (const part of res.body!) {
      const text = decoder.decode(part as Uint8Array);
      for (const _ of text.matchAll(/"content":"[^"]/g)) seen.push(Date.now());
    }
    expect(seen[0]! - sent).toBeGreaterThanOrEqual(p.llm.first_token_ms - 5);
    expect(seen.at(-1)! - seen[0]!).toBeGreaterThanOrEqual(0.9 * (tokenCount(REPLY) - 1) * 12.5);
  });
});
