import { nextAttemptAt, type RandomSource } from '../webhooks/backoff.js';
import type { EmailOutbox, EmailRow } from './outbox.js';
import type { EmailSender } from './smtp.js';

export interface EmailDispatcherOptions {
  outbox: EmailOutbox;
  sender: EmailSender;
  now: () => number;
  /** Called once an email was accepted by the SMTP server. */
  onSent: (row: EmailRow) => Promise<void>;
  logger: { warn(obj: object, msg: string): void };
  pollIntervalMs?: number;
  random?: RandomSource;
}

/**
 * Sends the email outbox: claims due emails (leased, so a crashed instance's claim comes back), sends each,
 * and retries failures on the webhook schedule (≈ 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h); a permanent
 * refusal (SMTP 5xx) or the last failed attempt makes the email dead.
 */
export class EmailDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private again = false;

  constructor(private readonly o: EmailDispatcherOptions) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.o.pollIntervalMs ?? 5_000);
    this.timer.unref();
    this.kick();
  }

  /** Run a pass now (or right after the current one). Resolves when that pass is done. */
  kick(): Promise<void> {
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = this.drain().finally(() => {
      this.pass = null;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.pass;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
    this.o.sender.close();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = await this.o.outbox.claimDue(this.o.now(), 10, 60_000);
      if (batch.length === 0) return;
      for (const row of batch) await this.sendOne(row);
    }
  }

  private async sendOne(row: EmailRow): Promise<void> {
    const r = await this.o.sender.send({ to: row.toAddress, subject: row.subject, text: row.body });
    const now = this.o.now();
    if (r.ok) {
      await this.o.outbox.finish(row.id, { status: 'sent', error: null }, now);
      await this.o.onSent(row);
      return;
    }
    const next = r.permanent ? null : nextAttemptAt(now, row.attempt + 1, this.o.random ?? Math.random);
    await this.o.outbox.finish(
      row.id,
      next === null
        ? { status: 'dead', error: r.error }
        : { status: 'pending', nextAttemptAt: next, error: r.error },
      now,
    );
    this.o.logger.warn(
      { email_id: row.id, run_id: row.runId, attempt: row.attempt + 1 },
      'invitation email not sent',
    );
  }
}
