/** Tracks background work (finalize pipelines) so tests can await it and shutdown can drain it. */
export class TaskTracker {
  private readonly running = new Set<Promise<unknown>>();

  run(task: () => Promise<unknown>): void {
    const p: Promise<unknown> = task()
      .catch(() => undefined)
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once no task is running (including tasks started while waiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
