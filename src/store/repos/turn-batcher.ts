/**
 * Group commit: calls are collected until the event loop has handled the I/O that is ready (a
 * `setImmediate`), then written together in one batch (one statement for many callers); calls that
 * arrive while a batch is being written form the next one. At most one batch is in flight per batcher,
 * so batches run in arrival order and the callers of a batch are answered in their arrival order. A
 * lone caller waits one turn of the event loop, no timer. (PGlite runs a statement synchronously on the
 * main thread, so requests that arrive meanwhile are only read afterwards: deferring by a microtask
 * would write every turn on its own.)
 */
export class Batcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private busy = false;

  /**
   * `write` gets the items in arrival order and returns one outcome per item, in the same order: a
   * value, or an Error for that item alone. A rejection of `write` fails the whole batch.
   */
  constructor(
    private readonly write: (items: I[]) => Promise<(O | Error)[]>,
    private readonly maxBatch = 256,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.busy) {
        this.busy = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      await new Promise<void>((r) => setImmediate(r));
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const out = await this.write(batch.map((b) => b.item));
        batch.forEach((b, i) => {
          const o = out[i];
          if (o instanceof Error) b.reject(o);
          else if (i >= out.length) b.reject(new Error('batch write returned too few outcomes'));
          else b.resolve(o as O);
        });
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.busy = false;
  }
}
