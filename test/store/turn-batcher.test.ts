import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/store/repos/turn-batcher.js';

/** A promise to settle from the test. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A batch writer the test answers by hand; records every batch it was given. */
function fakeWriter<I, O>() {
  const batches: { items: I[]; done: ReturnType<typeof deferred<(O | Error)[]>> }[] = [];
  const waiters: ((n: number) => void)[] = [];
  const write = (items: I[]) => {
    const done = deferred<(O | Error)[]>();
    batches.push({ items, done });
    for (const w of waiters.splice(0)) w(batches.length);
    return done.promise;
  };
  /** Resolves when the writer has been given its `n`th batch. */
  const batch = (n: number) =>
    new Promise<(typeof batches)[number]>((resolve) => {
      const check = () => (batches.length >= n ? resolve(batches[n - 1]!) : waiters.push(check));
      check();
    });
  return { write, batches, batch };
}

describe('Batcher (group commit)', () => {
  it('writes calls made together as one batch, in call order, and answers each caller', async () => {
    const w = fakeWriter<number, string>();
    const b = new Batcher(w.write);
    const calls = [1, 2, 3].map((n) => b.add(n));
    const first = await w.batch(1);
    expect(first.items).toEqual([1, 2, 3]);
    first.done.resolve(['one', 'two', 'three']);
    expect(await Promise.all(calls)).toEqual(['one', 'two', 'three']);
    expect(w.batches).toHaveLength(1);
  });

  it('collects calls made while a batch is written into the next batch; one batch in flight at a time', async () => {
    const w = fakeWriter<string, string>();
    const b = new Batcher(w.write);
    const a = b.add('a');
    const first = await w.batch(1);
    const later = [b.add('b'), b.add('c')];
    expect(w.batches).toHaveLength(1);
    first.done.resolve(['A']);
    expect(await a).toBe('A');
    const second = await w.batch(2);
    expect(second.items).toEqual(['b', 'c']);
    second.done.resolve(['B', 'C']);
    expect(await Promise.all(later)).toEqual(['B', 'C']);
  });

  it('fails only the callers whose outcome is an Error; a failed write fails its whole batch only', async () => {
    const w = fakeWriter<number, number>();
    const b = new Batcher(w.write);
    const calls = [1, 2, 3].map((n) =>
      b.add(n).then(
        (v) => ({ v }),
        (e: Error) => ({ e: e.message }),
      ),
    );
    (await w.batch(1)).done.resolve([10, new Error('bad two'), 30]);
    expect(await Promise.all(calls)).toEqual([{ v: 10 }, { e: 'bad two' }, { v: 30 }]);

    const failing = [b.add(4), b.add(5)].map((p) => p.catch((e: Error) => e.message));
    (await w.batch(2)).done.reject(new Error('statement failed'));
    expect(await Promise.all(failing)).toEqual(['statement failed', 'statement failed']);

    const after = b.add(6);
    (await w.batch(3)).done.resolve([60]);
    expect(await after).toBe(60);
  });

  it('splits a queue longer than the batch limit into batches of at most that size', async () => {
    const w = fakeWriter<number, number>();
    const b = new Batcher(w.write, 2);
    const calls = [1, 2, 3, 4, 5].map((n) => b.add(n));
    (await w.batch(1)).done.resolve([1, 2]);
    (await w.batch(2)).done.resolve([3, 4]);
    (await w.batch(3)).done.resolve([5]);
    expect(await Promise.all(calls)).toEqual([1, 2, 3, 4, 5]);
    expect(w.batches.map((x) => x.items)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
