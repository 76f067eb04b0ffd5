/** The job's two timers: the idle timeout (participant silent while the agent listens) and the engine tick. */
export class JobTimers {
  private idle: NodeJS.Timeout | null = null;
  private tick: NodeJS.Timeout | null = null;

  constructor(
    private readonly idleTimeoutMs: number,
    private readonly tickEveryMs = 5_000,
  ) {}

  clearIdle(): void {
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
  }

  /** (Re)start the idle timeout. */
  armIdle(onIdle: () => void): void {
    this.clearIdle();
    this.idle = setTimeout(onIdle, this.idleTimeoutMs);
    this.idle.unref();
  }

  startTick(onTick: () => void): void {
    this.tick = setInterval(onTick, this.tickEveryMs);
    this.tick.unref();
  }

  stop(): void {
    this.clearIdle();
    if (this.tick !== null) clearInterval(this.tick);
  }
}
