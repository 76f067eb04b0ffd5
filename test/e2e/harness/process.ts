import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/**
 * A child process of the e2e suite: output goes to a log file under test-artifacts/e2e/ (read it when a
 * scenario fails) and to any line watchers (`waitForLine`), so tests wait on what a process says instead
 * of sleeping.
 */
export class ChildProc {
  readonly child: ChildProcess;
  readonly logPath: string;
  private readonly log: WriteStream;
  private readonly lines: string[] = [];
  private readonly watchers = new Set<(line: string) => void>();
  private partial = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    cmd: string,
    args: string[],
    opts: SpawnOptions & { logDir: string },
  ) {
    mkdirSync(opts.logDir, { recursive: true });
    this.logPath = join(opts.logDir, `${name}.log`);
    this.log = createWriteStream(this.logPath, { flags: 'a' });
    this.child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer): void => {
      this.log.write(chunk);
      const text = this.partial + chunk.toString('utf8');
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) {
        this.lines.push(line);
        if (this.lines.length > 5000) this.lines.shift();
        for (const w of this.watchers) w(line);
      }
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.log.write(`\n[harness] ${name} exited code=${code} signal=${signal}\n`);
        resolve({ code, signal });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the first line (already printed or future) matching `re`. */
  waitForLine(re: RegExp, timeoutMs = 30_000, opts: { fromNow?: boolean } = {}): Promise<string> {
    if (opts.fromNow !== true) {
      const seen = this.lines.find((l) => re.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watchers.delete(watch);
        reject(
          new Error(`${this.name}: no line matching ${re} within ${timeoutMs} ms (log: ${this.logPath})`),
        );
      }, timeoutMs);
      const watch = (line: string): void => {
        if (!re.test(line)) return;
        clearTimeout(timer);
        this.watchers.delete(watch);
        resolve(line);
      };
      this.watchers.add(watch);
      void this.exited.then(() => {
        if (!this.watchers.has(watch)) return;
        clearTimeout(timer);
        this.watchers.delete(watch);
        reject(new Error(`${this.name} exited before printing ${re} (log: ${this.logPath})`));
      });
    });
  }

  /** Lines printed so far (bounded). */
  output(): readonly string[] {
    return this.lines;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => {
      if (this.running) this.child.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
    await new Promise<void>((r) => this.log.end(r));
  }
}
