import { initializeLogger } from '@livekit/agents';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { StreamingOpenAITTS } from '../../src/worker/voice/openai-tts.js';
import { startFakeVoiceOpenAI, type FakeVoiceOpenAIServer } from '../fakes/tts-server.js';

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'silent' });
});

let oa: FakeVoiceOpenAIServer | undefined;
afterEach(async () => {
  await oa?.close();
  oa = undefined;
});

describe('StreamingOpenAITTS', () => {
  test('emits the first frame while the body is still streaming, and all of the audio', async () => {
    // 10 chunks of 100 ms spaced 60 ms apart: a buffering client would see nothing for ~600 ms
    oa = await startFakeVoiceOpenAI({ chunkDelayMs: 60 });
    const tts = new StreamingOpenAITTS({ apiKey: 'k', baseURL: oa.baseURL, voice: 'verse', speed: 1.1 });
    let writesAtFirstFrame: number | undefined;
    let samples = 0;
    let finals = 0;
    for await (const audio of tts.synthesize('Thanks for joining. Could you tell me about your role?')) {
      writesAtFirstFrame ??= oa.speech[0]!.writes.length;
      samples += audio.frame.samplesPerChannel;
      if (audio.final) finals += 1;
      expect(audio.frame.sampleRate).toBe(24_000);
    }
    expect(samples / 24_000).toBeGreaterThan(1.5);
    expect(finals).toBe(1);
    // the first frame came while most of the body was still to be written
    const writes = oa.speech[0]!.writes.length;
    expect(writes).toBeGreaterThanOrEqual(10);
    expect(writesAtFirstFrame).toBeLessThan(writes / 2);
    expect(oa.speech[0]).toMatchObject({ voice: 'verse', response_format: 'pcm', speed: 1.1 });
    await tts.close();
  });
});
