import { SPEECH_BREAK, type SpeechPiece, type SpokenText } from './speech-text.js';

/**
 * A text stream read once, eagerly, from its source and replayed from the start to every reader: a
 * speculative reply is generated before anyone knows whether it will be spoken, and the voice pipeline may
 * drop its first reader and ask again. Cancelling a reader never stops the source. The source's speech
 * breaks are kept for `withBreaks()` readers.
 */
export class ReplayText implements SpokenText {
  private readonly chunks: SpeechPiece[] = [];
  private finished = false;
  private waiters: Array<() => void> = [];
  /** Resolves with everything the source produced once it is exhausted. */
  readonly complete: Promise<string>;

  constructor(source: AsyncIterable<SpeechPiece>) {
    this.complete = this.pump(source);
  }

  private async pump(source: AsyncIterable<SpeechPiece>): Promise<string> {
    try {
      for await (const chunk of source) {
        this.chunks.push(chunk);
        this.wake();
      }
    } finally {
      this.finished = true;
      this.wake();
    }
    return this.chunks.filter((c) => c !== SPEECH_BREAK).join('');
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  async *withBreaks(): AsyncGenerator<SpeechPiece> {
    let i = 0;
    for (;;) {
      if (i < this.chunks.length) {
        yield this.chunks[i++]!;
        continue;
      }
      if (this.finished) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for await (const chunk of this.withBreaks()) if (chunk !== SPEECH_BREAK) yield chunk;
  }
}
