/**
 * Two mono 16-bit channels placed on one wall-clock timeline (sample 0 = `t0Ms`), written out as
 * interleaved stereo in order. Audio arrives in small frames stamped with the wall time they were heard;
 * a frame that continues its channel within `joinToleranceMs` is appended right after the previous one
 * (no clicks from event-loop jitter), a later one leaves silence before it, an earlier one overwrites
 * (the channel had run ahead), and audio for time already written out is dropped. Only the
 * not-yet-written tail is held in memory.
 */
export class StereoTimeline {
  /** First sample not yet written out (same for both channels). */
  private written = 0;
  private readonly channels: [ChannelRuns, ChannelRuns] = [new ChannelRuns(), new ChannelRuns()];
  private readonly tolerance: number;

  constructor(
    readonly sampleRate: number,
    readonly t0Ms: number,
    joinToleranceMs = 150,
  ) {
    this.tolerance = Math.round((joinToleranceMs * sampleRate) / 1000);
  }

  /** Samples written out so far (per channel). */
  get samplesWritten(): number {
    return this.written;
  }

  sampleAt(ms: number): number {
    return Math.round(((ms - this.t0Ms) * this.sampleRate) / 1000);
  }

  /** Mono samples (at `sampleRate`) of channel 0 (left) or 1 (right) that began at wall time `startMs`. */
  push(channel: 0 | 1, startMs: number, samples: Int16Array): void {
    const ch = this.channels[channel];
    let at = this.sampleAt(startMs);
    // within the tolerance: the same stream, a little early or late (timer jitter) — keep it seamless;
    // beyond it: a real gap (silence before it), or the channel ran ahead (the newer audio wins)
    if (ch.end !== null && Math.abs(at - ch.end) <= this.tolerance) at = ch.end;
    let data = samples;
    if (at < this.written) {
      data = data.subarray(Math.min(data.length, this.written - at));
      at = this.written;
    }
    if (data.length === 0) return;
    ch.add(at, data);
  }

  /** Interleaved stereo for `[written, until)`, silent where a channel had nothing; advances `written`. */
  take(untilSample: number): Int16Array {
    const n = Math.max(0, untilSample - this.written);
    const out = new Int16Array(n * 2);
    if (n === 0) return out;
    for (let c = 0; c < 2; c++) this.channels[c as 0 | 1].drain(this.written, untilSample, out, c);
    this.written = untilSample;
    return out;
  }
}

/** One channel's placed runs, oldest first. */
class ChannelRuns {
  private runs: Array<{ at: number; data: Int16Array }> = [];
  end: number | null = null;

  /** Later runs overwrite earlier ones where they overlap (`drain` copies in order). */
  add(at: number, data: Int16Array): void {
    const last = this.runs.at(-1);
    if (last && last.at + last.data.length === at) {
      const merged = new Int16Array(last.data.length + data.length);
      merged.set(last.data);
      merged.set(data, last.data.length);
      last.data = merged;
    } else this.runs.push({ at, data });
    this.end = at + data.length;
  }

  /** Copy `[from, until)` into channel `c` of the interleaved `out`, and forget it. */
  drain(from: number, until: number, out: Int16Array, c: number): void {
    const keep: typeof this.runs = [];
    for (const run of this.runs) {
      const runEnd = run.at + run.data.length;
      const a = Math.max(run.at, from);
      const b = Math.min(runEnd, until);
      for (let i = a; i < b; i++) out[(i - from) * 2 + c] = run.data[i - run.at]!;
      if (runEnd > until) {
        const start = Math.max(run.at, until);
        keep.push({ at: start, data: run.data.subarray(start - run.at) });
      }
    }
    this.runs = keep;
  }
}
