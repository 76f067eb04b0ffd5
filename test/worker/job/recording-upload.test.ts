import { describe, expect, it } from 'vitest';
import { parseWavHeader } from '../../../src/store/media/wav.js';
import { cutToTimeline } from '../../../src/worker/job/recording-upload.js';
import { wavHeader } from '../../../src/worker/job/recording-wav.js';

const audio = {
  path: '/unused',
  t0Ms: 1_000_000,
  sampleRate: 16_000,
  channels: 2 as const,
  pcmBytes: 16_000 * 4 * 10,
};

describe('cutting a recording to the session timeline', () => {
  it('skips what was recorded before the session started', () => {
    expect(cutToTimeline(audio, audio.t0Ms + 250)).toEqual({
      skipBytes: 4000 * 4,
      leadInBytes: 0,
      pcmBytes: audio.pcmBytes - 4000 * 4,
      leadInMs: 0,
    });
  });

  it('leads in with silence when recording began after the session start', () => {
    expect(cutToTimeline(audio, audio.t0Ms - 500)).toEqual({
      skipBytes: 0,
      leadInBytes: 8000 * 4,
      pcmBytes: audio.pcmBytes + 8000 * 4,
      leadInMs: 500,
    });
  });

  it('never skips past the end', () => {
    expect(cutToTimeline(audio, audio.t0Ms + 60_000).pcmBytes).toBe(0);
  });

  it('writes a WAV header the store reads back', () => {
    const h = wavHeader({ sampleRate: 16_000, channels: 2, dataBytes: 64_000 });
    expect(h).toHaveLength(44);
    expect(parseWavHeader(h)).toEqual({
      channels: 2,
      sampleRate: 16_000,
      bitsPerSample: 16,
      dataOffset: 44,
      dataBytes: 64_000,
    });
  });
});
