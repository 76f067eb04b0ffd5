import { describe, expect, it } from 'vitest';
import { StereoTimeline } from '../../../src/worker/job/recording-timeline.js';

const RATE = 1000; // one sample per ms keeps the arithmetic readable
const ramp = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);
const left = (pcm: Int16Array) => Array.from(pcm.filter((_, i) => i % 2 === 0));
const right = (pcm: Int16Array) => Array.from(pcm.filter((_, i) => i % 2 === 1));

describe('StereoTimeline', () => {
  it('places each side by wall time, silent elsewhere, interleaved left/right', () => {
    const t = new StereoTimeline(RATE, 10_000, 5);
    t.push(0, 10_002, ramp(1, 3)); // participant at 2..4 ms
    t.push(1, 10_006, ramp(100, 2)); // agent at 6..7 ms
    const pcm = t.take(10);
    expect(left(pcm)).toEqual([0, 0, 1, 2, 3, 0, 0, 0, 0, 0]);
    expect(right(pcm)).toEqual([0, 0, 0, 0, 0, 0, 100, 101, 0, 0]);
    expect(t.samplesWritten).toBe(10);
  });

  it('joins a frame that arrives a little early or late onto the previous one, seamlessly', () => {
    const t = new StereoTimeline(RATE, 0, 5);
    t.push(0, 0, ramp(1, 4));
    t.push(0, 7, ramp(5, 4)); // 3 ms late: jitter, appended at 4
    t.push(0, 6, ramp(9, 2)); // 2 ms early: appended at 8
    expect(left(t.take(12))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0]);
  });

  it('leaves silence for a real gap, and lets newer audio win where a side ran ahead', () => {
    const t = new StereoTimeline(RATE, 0, 2);
    t.push(1, 0, ramp(1, 3));
    t.push(1, 8, ramp(20, 2)); // gap of 5 ms
    t.push(1, 4, ramp(50, 2)); // far behind the channel's end: placed where it belongs
    expect(right(t.take(10))).toEqual([1, 2, 3, 0, 50, 51, 0, 0, 20, 21]);
  });

  it('keeps only the unwritten tail: audio for time already written out is dropped', () => {
    const t = new StereoTimeline(RATE, 0, 2);
    t.push(0, 0, ramp(1, 6));
    expect(left(t.take(4))).toEqual([1, 2, 3, 4]);
    t.push(1, 1, ramp(10, 5)); // 1..5: only 4..5 is still open
    const pcm = t.take(8);
    expect(left(pcm)).toEqual([5, 6, 0, 0]);
    expect(right(pcm)).toEqual([13, 14, 0, 0]);
    expect(t.take(8)).toHaveLength(0);
  });
});
