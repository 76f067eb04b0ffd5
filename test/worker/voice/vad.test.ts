import { initializeLogger, VADEventType } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { isParleyError } from '../../../src/errors/parley-error.js';
import { createVad } from '../../../src/worker/voice/vad.js';
import { speak } from '../../e2e/harness/speech.js';

const RATE = 16_000;
const FRAME = RATE / 100;

/** Speech events of the worker's VAD over `pcm` (pushed as fast as it runs), up to its last inference. */
async function events(pcm: Int16Array) {
  const stream = createVad().stream();
  const seen: { type: 'start' | 'end'; at: number }[] = [];
  const totalMs = (pcm.length / RATE) * 1000;
  const done = (async () => {
    for await (const ev of stream) {
      if (ev.type === VADEventType.START_OF_SPEECH) seen.push({ type: 'start', at: ev.timestamp });
      if (ev.type === VADEventType.END_OF_SPEECH)
        seen.push({ type: 'end', at: ev.timestamp - ev.silenceDuration });
      if (ev.type === VADEventType.INFERENCE_DONE && ev.timestamp >= totalMs - 64) return;
    }
  })();
  for (let off = 0; off < pcm.length; off += FRAME)
    stream.pushFrame(new AudioFrame(pcm.slice(off, off + FRAME), RATE, 1, FRAME));
  await done;
  stream.close();
  return seen;
}

describe('the worker’s VAD (core inference.VAD)', () => {
  beforeAll(() => initializeLogger({ pretty: false, level: 'silent' }));

  it('hears one spoken answer and dates its end near the end of the speech', async () => {
    const speech = await speak('It was mostly the onboarding, to be honest', RATE);
    const pcm = new Int16Array(speech.length + RATE * 2);
    pcm.set(speech, RATE / 2);
    const seen = await events(pcm);
    expect(seen.map((e) => e.type)).toEqual(['start', 'end']);
    const speechEndMs = ((RATE / 2 + speech.length) / RATE) * 1000;
    expect(seen[0]!.at).toBeGreaterThanOrEqual(400);
    // espeak's last samples are quiet: the end is dated within a few hundred ms of the rendered audio's end
    expect(Math.abs(seen[1]!.at - speechEndMs)).toBeLessThan(400);
  });

  it('hears nothing in silence', async () => {
    expect(await events(new Int16Array(RATE * 2))).toEqual([]);
  });

  it('refuses to build when the native binding cannot be loaded, instead of hearing nothing', () => {
    let caught: unknown;
    try {
      createVad({}, () => {
        throw new Error('no binary for this platform');
      });
    } catch (error) {
      caught = error;
    }
    expect(isParleyError(caught) && caught.code).toBe('VAD_UNAVAILABLE');
  });
});
