/**
 * A text stream read once, eagerly, from its source and replayed from the start to every reader: a
 * speculative reply is generated before anyone knows whether it will be spoken, and the voice pipeline may
 * drop its first reader and ask again. Cancelling a reader never stops the source.
 */
export class ReplayText implements AsyncIterable<string> {
  private readonly chunks: string[] = [];
  private finished = false;
  private waiters: Array<() => void> = [];
  /** Resolves with everything the source produced once it is exhausted. */
  readonly complete: Promise<string>;

  constructor(source: AsyncIterable<string>) {
    this.complete = this.pump(source);
  }

  private async pump(source: AsyncIterable<string>): Promise<string> {
    try {
      for await (const chunk of source) {
        this.chunks.push(chunk);
        this.wake();
      }
    } finally {
      this.finished = true;
      this.wake();
    }
    return this.chunks.join('');
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
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
}
