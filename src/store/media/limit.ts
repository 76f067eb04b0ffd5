import { Transform, type TransformCallback } from 'node:stream';
import { ParleyError } from '../../errors/parley-error.js';

/** Passes bytes through and fails with PAYLOAD_TOO_LARGE once more than `maxBytes` went by. */
export class ByteLimit extends Transform {
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(new ParleyError('PAYLOAD_TOO_LARGE', `recording larger than ${this.maxBytes} bytes`));
      return;
    }
    done(null, chunk);
  }
}
