import type { Writable } from 'node:stream';
import pc from 'picocolors';

/**
 * Console output. Three styles:
 *   colour   (a TTY, not --plain): agent/participant labels in colour, notes dimmed
 *   notes    (piped, not --plain): the same lines without colour
 *   plain    (--plain): a clean transcript, `Agent: …` / `Participant: …`, no notes
 */
export interface RendererOptions {
  out: Writable;
  color: boolean;
  /** Show the dimmed notes beside each turn. */
  notes: boolean;
  agentLabel?: string;
  participantLabel?: string;
}

export class Renderer {
  private readonly c: ReturnType<typeof pc.createColors>;
  private readonly agentLabel: string;
  private readonly participantLabel: string;

  constructor(private readonly opts: RendererOptions) {
    this.c = pc.createColors(opts.color);
    this.agentLabel = opts.agentLabel ?? 'Agent';
    this.participantLabel = opts.participantLabel ?? 'Participant';
  }

  get showNotes(): boolean {
    return this.opts.notes;
  }

  private write(line: string): void {
    this.opts.out.write(line + '\n');
  }

  agent(text: string): void {
    this.write(`${this.c.bold(this.c.cyan(`${this.agentLabel}:`))} ${text}`);
  }

  participant(text: string): void {
    this.write(`${this.c.bold(this.c.green(`${this.participantLabel}:`))} ${text}`);
  }

  notes(lines: readonly string[]): void {
    if (!this.opts.notes) return;
    for (const l of lines) this.write(this.c.dim(`    · ${l}`));
  }

  info(line: string): void {
    if (!this.opts.notes) return;
    this.write(this.c.yellow(`[${line}]`));
  }

  /** Shown even in --plain mode (e.g. how to resume). */
  status(line: string): void {
    this.write(this.c.yellow(line));
  }
}
