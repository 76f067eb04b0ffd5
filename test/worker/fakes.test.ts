import { WebSocket } from 'undici';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { startFakeDeepgram, type FakeDeepgramServer } from '../fakes/deepgram-server.js';
import { startFakeVoiceOpenAI, type FakeVoiceOpenAIServer } from '../fakes/tts-server.js';
import { speak, trimTrailingSilence } from '../e2e/harness/speech.js';
import { sseMessages } from '../store/sse.js';

let dg: FakeDeepgramServer | undefined;
let oa: FakeVoiceOpenAIServer | undefined;
afterEach(async () => {
  await dg?.close();
  await oa?.close();
  dg = undefined;
  oa = undefined;
});

function connect(url: string, key = 'k'): Promise<{ ws: WebSocket; messages: any[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${url.replace('http', 'ws')}/v1/listen?sample_rate=16000&channels=1&encoding=linear16`,
      {
        headers: { Authorization: `Token ${key}` },
      },
    );
    const messages: any[] = [];
    ws.addEventListener('message', (m) => messages.push(JSON.parse(String(m.data))));
    ws.addEventListener('open', () => resolve({ ws, messages }));
    ws.addEventListener('error', () => reject(new Error('websocket error (401?)')));
  });
}

describe('fake Deepgram streaming server', () => {
  test('a speech segment in the audio yields SpeechStarted, interim and final Results with the next script line', async () => {
    dg = await startFakeDeepgram({ apiKey: 'k' });
    dg.script('I work as a nurse in Leeds', 'second answer');
    const { ws, messages } = await connect(dg.url);
    const speech = await speak('I work as a nurse in Leeds.', 16000);
    const silence = new Int16Array(16000); // 1 s
    const seg = dg.nextSegment(10_000);
    for (const pcm of [new Int16Array(3200), speech, silence]) {
      for (let off = 0; off < pcm.length; off += 1600) {
        ws.send(Buffer.from(pcm.slice(off, off + 1600).buffer));
      }
    }
    const s = await seg;
    expect(s.transcript).toBe('I work as a nurse in Leeds');
    expect(s.start).toBeGreaterThan(0.1);
    await vi.waitFor(() => expect(messages.some((m) => m.type === 'UtteranceEnd')).toBe(true));
    const types = messages.map(
      (m) => `${m.type}${m.type === 'Results' ? (m.is_final ? ':final' : ':interim') : ''}`,
    );
    expect(types[0]).toBe('SpeechStarted');
    expect(types).toContain('Results:interim');
    const final = messages.find((m) => m.type === 'Results' && m.is_final);
    expect(final.speech_final).toBe(true);
    expect(final.channel.alternatives[0].transcript).toBe('I work as a nurse in Leeds');
    expect(final.channel.alternatives[0].words.length).toBe(7);
    expect(dg.pendingScript()).toBe(1);
    ws.close();
  });

  test('silence produces no transcript', async () => {
    dg = await startFakeDeepgram();
    dg.script('never');
    const { ws, messages } = await connect(dg.url);
    ws.send(Buffer.from(new Int16Array(16000 * 2).buffer));
    await new Promise<void>((r) => {
      ws.send(JSON.stringify({ type: 'CloseStream' }));
      ws.addEventListener('close', () => r());
    });
    expect(messages.filter((m) => m.type === 'Results')).toHaveLength(0);
    expect(dg.segments).toHaveLength(0);
    expect(dg.audioSeconds()).toBeCloseTo(2, 1);
  });

  test('with finalDelayMs, audio that stalls on the way does not end a segment in the middle of a word', async () => {
    dg = await startFakeDeepgram({ finalDelayMs: 50 });
    dg.script('I work as a nurse in Leeds', 'never used');
    const { ws } = await connect(dg.url);
    const speech = await speak('I work as a nurse in Leeds.', 16000);
    const send = (pcm: Int16Array) => {
      for (let off = 0; off < pcm.length; off += 1600)
        ws.send(Buffer.from(pcm.slice(off, off + 1600).buffer));
    };
    const half = Math.floor(speech.length / 2);
    send(speech.slice(0, half));
    // the stimulus: no audio for 6× the final delay, as when the worker's audio reaches the STT late
    await new Promise((r) => setTimeout(r, 300));
    expect(dg.segments).toHaveLength(0);
    const seg = dg.nextSegment(10_000);
    send(speech.slice(half));
    send(new Int16Array(16000));
    const s = await seg;
    expect(s.transcript).toBe('I work as a nurse in Leeds');
    expect(s.silenceMs).toBeGreaterThanOrEqual(100);
    expect(dg.pendingScript()).toBe(1);
    ws.close();
  });

  test('with continuationMs, speech resuming after a short dip continues the segment: no second transcript', async () => {
    dg = await startFakeDeepgram({ finalDelayMs: 50, continuationMs: 400 });
    dg.script('Probably the night shift handover.', 'Every single day.');
    const { ws, messages } = await connect(dg.url);
    const send = (pcm: Int16Array) => {
      for (let off = 0; off < pcm.length; off += 1600)
        ws.send(Buffer.from(pcm.slice(off, off + 1600).buffer));
    };
    const quiet = (ms: number) => new Int16Array((16000 * ms) / 1000);
    // the stimulus: a 250 ms dip inside the spoken words ends a segment (its final is due and has the quiet)
    let next = dg.nextSegment(10_000);
    send(trimTrailingSilence(await speak('Probably the night shift', 16000), 16000));
    send(quiet(250));
    const first = await next;
    expect(first.transcript).toBe('Probably the night shift handover.');
    expect(first.continuation).toBeUndefined();
    next = dg.nextSegment(10_000);
    send(trimTrailingSilence(await speak('handover', 16000), 16000));
    send(quiet(700));
    const piece = await next;
    expect(piece.continuation).toBe(true);
    expect(piece.transcript).toBeNull();
    expect(dg.pendingScript()).toBe(1);
    // after a real pause (700 ms of quiet) the next segment takes the next scripted transcript
    next = dg.nextSegment(10_000);
    send(await speak('Every single day.', 16000));
    send(quiet(1000));
    const second = await next;
    expect(second.continuation).toBeUndefined();
    expect(second.transcript).toBe('Every single day.');
    const finals = () => messages.filter((m) => m.type === 'Results' && m.is_final === true);
    // the server has sent the last final when `second` resolves: wait for it to arrive here
    await vi.waitFor(() => expect(finals()).toHaveLength(2));
    expect(finals().map((m) => m.channel.alternatives[0].transcript)).toEqual([
      'Probably the night shift handover.',
      'Every single day.',
    ]);
    expect(messages.filter((m) => m.type === 'SpeechStarted')).toHaveLength(2);
    ws.close();
  });

  test('rejects a wrong key', async () => {
    dg = await startFakeDeepgram({ apiKey: 'right' });
    await expect(connect(dg.url, 'wrong')).rejects.toThrow(/websocket error/);
  });
});

describe('fake OpenAI voice server', () => {
  test('/v1/audio/speech streams espeak-ng PCM of the input', async () => {
    oa = await startFakeVoiceOpenAI();
    const res = await fetch(`${oa.baseURL}/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: JSON.stringify({
        model: 'tts-1',
        input: 'Hello there, how are you today?',
        voice: 'alloy',
        response_format: 'pcm',
      }),
    });
    expect(res.status).toBe(200);
    let chunks = 0;
    let bytes = 0;
    let sumSq = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks += 1;
      bytes += chunk.byteLength;
      const b = Buffer.from(chunk);
      for (let i = 0; i + 1 < b.length; i += 2) sumSq += b.readInt16LE(i) ** 2;
    }
    // streamed as synthesised, not one buffer. How many reads that makes depends on the runtime: on Node 24
    // the fake's 4,800-byte writes of one sox burst arrive together (Node 20: one read each over node:http),
    // so this ~2 s phrase comes in about 4 reads (sox's bursts), sometimes 3
    expect(chunks).toBeGreaterThan(1);
    expect(bytes / 48000).toBeGreaterThan(1); // > 1 s of 24 kHz audio
    expect(Math.sqrt(sumSq / (bytes / 2))).toBeGreaterThan(300);
    expect(oa.speech[0]?.input).toBe('Hello there, how are you today?');
  });

  test('/v1/chat/completions streams SSE chunks', async () => {
    oa = await startFakeVoiceOpenAI({ chat: () => 'Could you give me an example?' });
    const res = await fetch(`${oa.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    const text = await res.text();
    const messages = sseMessages(text);
    const content = messages
      .slice(0, -1)
      .map((m) => JSON.parse(m.data).choices[0]?.delta?.content ?? '')
      .join('');
    expect(content).toBe('Could you give me an example?');
    expect(messages.at(-1)?.data).toBe('[DONE]');
  });
});
