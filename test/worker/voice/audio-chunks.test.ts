import { AudioFrame } from '@livekit/rtc-node';
import { describe, expect, test } from 'vitest';
import { audioChunks } from '../../../src/worker/voice/audio-chunks.js';

function frames(count: number, samples: number, rate = 16_000, channels = 1, start = 0): AudioFrame[] {
  return Array.from({ length: count }, (_, f) => {
    const data = new Int16Array(samples * channels);
    for (let i = 0; i < data.length; i++) data[i] = (start + f * data.length + i) % 32_000;
    return new AudioFrame(data, rate, channels, samples);
  });
}

async function collect(input: AudioFrame[], ms: number): Promise<AudioFrame[]> {
  const out: AudioFrame[] = [];
  for await (const f of audioChunks(
    (async function* () {
      yield* input;
    })(),
    ms,
  ))
    out.push(f);
  return out;
}

const samplesOf = (fs: AudioFrame[]) => Int16Array.from(fs.flatMap((f) => [...f.data]));

describe('audioChunks', () => {
  test('10 ms frames come out as 100 ms frames, the rest as a short last one, every sample in order', async () => {
    const input = frames(25, 160);
    const out = await collect(input, 100);
    expect(out.map((f) => f.samplesPerChannel)).toEqual([1600, 1600, 800]);
    expect(samplesOf(out)).toEqual(samplesOf(input));
    for (const f of out) {
      expect(f.sampleRate).toBe(16_000);
      // the Deepgram plugin sends `frame.data.buffer`: each frame must own a buffer of exactly its size
      expect(f.data.buffer.byteLength).toBe(f.samplesPerChannel * 2);
    }
  });

  test('a long frame is cut into several', async () => {
    const input = frames(1, 4000);
    const out = await collect(input, 100);
    expect(out.map((f) => f.samplesPerChannel)).toEqual([1600, 1600, 800]);
    expect(samplesOf(out)).toEqual(samplesOf(input));
  });

  test('a change of sample rate closes the current frame early; stereo counts samples per channel', async () => {
    const a = frames(3, 160);
    const b = frames(12, 480, 48_000, 2, 7);
    const out = await collect([...a, ...b], 100);
    expect(out.map((f) => [f.sampleRate, f.channels, f.samplesPerChannel])).toEqual([
      [16_000, 1, 480],
      [48_000, 2, 4800],
      [48_000, 2, 960],
    ]);
    expect(samplesOf(out)).toEqual(samplesOf([...a, ...b]));
  });

  test('nothing in, nothing out', async () => {
    expect(await collect([], 100)).toEqual([]);
  });
});
