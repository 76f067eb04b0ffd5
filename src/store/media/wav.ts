import { Transform, type TransformCallback } from 'node:stream';

/** The format block of a PCM WAV file (RIFF/WAVE, `fmt ` then `data`). */
export interface WavInfo {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes before the first sample. */
  dataOffset: number;
  /** Declared size of the `data` chunk (0xffffffff or 0 when the writer streamed it). */
  dataBytes: number;
}

/** Parses the header at the start of a WAV file; null when it is not PCM WAV. */
export function parseWavHeader(buf: Buffer): WavInfo | null {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE')
    return null;
  let pos = 12;
  let fmt: Pick<WavInfo, 'channels' | 'sampleRate' | 'bitsPerSample'> | null = null;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    if (id === 'fmt ' && pos + 24 <= buf.length) {
      if (buf.readUInt16LE(pos + 8) !== 1) return null;
      fmt = {
        channels: buf.readUInt16LE(pos + 10),
        sampleRate: buf.readUInt32LE(pos + 12),
        bitsPerSample: buf.readUInt16LE(pos + 22),
      };
    } else if (id === 'data') {
      return fmt ? { ...fmt, dataOffset: pos + 8, dataBytes: size } : null;
    }
    pos += 8 + size + (size % 2);
  }
  return null;
}

/** Passes bytes through and keeps the first `keep` of them (to read a header while streaming). */
export class HeadTap extends Transform {
  private chunks: Buffer[] = [];
  private kept = 0;
  private checked = false;
  /** Set when `check` refused the head: the stream errored before its end, so nothing was stored. */
  refused = false;

  /**
   * Keeps the first `keep` bytes; with `check`, errors the stream as soon as they are known to be wrong
   * (before the consumer can commit the upload, so an existing object under the same key is left alone).
   */
  constructor(
    private readonly keep = 256,
    private readonly check?: (head: Buffer) => boolean,
  ) {
    super();
  }

  get head(): Buffer {
    return Buffer.concat(this.chunks);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.kept < this.keep) {
      const part = chunk.subarray(0, this.keep - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    if (this.kept >= this.keep && !this.verify()) return done(new Error('refused head'));
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.verify() ? null : new Error('refused head'));
  }

  private verify(): boolean {
    if (this.checked || this.check === undefined) return !this.refused;
    this.checked = true;
    this.refused = !this.check(this.head);
    return !this.refused;
  }
}
