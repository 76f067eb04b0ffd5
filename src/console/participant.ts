import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** What the participant is being asked, for scripted participants keyed by question. */
export interface PromptContext {
  nodeId: string | null;
  key: string | null;
  nodeType: string | null;
  /** The agent's last utterance. */
  agentText: string;
  /** Prompts already answered at this node during this visit (0 = the question itself). */
  attempt: number;
}

/** The other side of the console: returns the next utterance, or null when the participant leaves. */
export interface ConsoleParticipant {
  /** True for scripted participants: their lines are echoed into the transcript. */
  readonly scripted: boolean;
  next(ctx: PromptContext): Promise<string | null>;
  /** The interview ended while waiting for input (time limit): stop waiting. */
  interrupt?(): void;
  close(): void;
}

/**
 * A human at the terminal (or lines piped into stdin). EOF, Ctrl-C or Ctrl-D → null (the participant left).
 * Lines that arrive before they are asked for are queued, so piped input works.
 */
export class InteractiveParticipant implements ConsoleParticipant {
  readonly scripted: boolean;
  private readonly rl: Interface;
  private readonly queue: string[] = [];
  private waiter: ((line: string | null) => void) | null = null;
  private ended = false;

  constructor(opts: { input: Readable; output: Writable; tty: boolean; prompt?: string }) {
    // When piped, nothing is echoed by a terminal: the runner echoes the line into the transcript.
    this.scripted = !opts.tty;
    this.rl = createInterface({
      input: opts.input,
      ...(opts.tty ? { output: opts.output, terminal: true } : { terminal: false }),
    });
    if (opts.tty) this.rl.setPrompt(opts.prompt ?? '> ');
    this.rl.on('line', (line) => this.push(line));
    this.rl.on('close', () => this.end());
    this.rl.on('SIGINT', () => this.end());
    this.tty = opts.tty;
  }

  private readonly tty: boolean;

  private push(line: string): void {
    const text = line.trim();
    if (text === '') {
      if (this.tty) this.rl.prompt();
      return;
    }
    if (this.waiter !== null) {
      const w = this.waiter;
      this.waiter = null;
      w(text);
    } else this.queue.push(text);
  }

  /** The participant left (EOF, Ctrl-C, or the process got SIGINT/SIGTERM). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.waiter !== null) {
      const w = this.waiter;
      this.waiter = null;
      w(null);
    }
  }

  interrupt(): void {
    this.end();
  }

  next(_ctx: PromptContext): Promise<string | null> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(null);
    if (this.tty) this.rl.prompt();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  close(): void {
    this.end();
    this.rl.close();
  }
}
