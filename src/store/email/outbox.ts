import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { emailOutbox } from '../db/schema/index.js';
import type { Ids } from '../ids.js';

export type EmailRow = typeof emailOutbox.$inferSelect;
export interface NewEmail {
  organizationId: string;
  testMode: boolean;
  runId: string;
  kind: 'invitation';
  to: string;
  subject: string;
  body: string;
}

/** The email outbox. Claims use `FOR UPDATE SKIP LOCKED`: several store instances never send one email twice. */
export class EmailOutbox {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
  ) {}

  async enqueue(e: NewEmail, now: number): Promise<EmailRow> {
    const [row] = await this.db
      .insert(emailOutbox)
      .values({
        id: this.ids.id('eml'),
        organizationId: e.organizationId,
        testMode: e.testMode,
        runId: e.runId,
        kind: e.kind,
        toAddress: e.to,
        subject: e.subject,
        body: e.body,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      })
      .returning();
    return row!;
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<EmailRow[]> {
    return this.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(
          and(
            inArray(emailOutbox.status, ['pending', 'sending']),
            sql`${emailOutbox.nextAttemptAt} <= ${now}`,
          ),
        )
        .orderBy(emailOutbox.nextAttemptAt, emailOutbox.id)
        .limit(limit)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      return tx
        .update(emailOutbox)
        .set({ status: 'sending', nextAttemptAt: now + leaseMs, updatedAt: new Date(now) })
        .where(
          inArray(
            emailOutbox.id,
            due.map((d) => d.id),
          ),
        )
        .returning();
    });
  }

  async finish(
    id: string,
    outcome: { status: 'sent' | 'pending' | 'dead'; nextAttemptAt?: number; error: string | null },
    now: number,
  ): Promise<void> {
    await this.db
      .update(emailOutbox)
      .set({
        status: outcome.status,
        lastError: outcome.error,
        updatedAt: new Date(now),
        attempt: sql`${emailOutbox.attempt} + 1`,
        ...(outcome.nextAttemptAt !== undefined ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
        ...(outcome.status === 'sent' ? { sentAtMs: now } : {}),
      })
      .where(eq(emailOutbox.id, id));
  }

  async forRun(runId: string): Promise<EmailRow[]> {
    return this.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.runId, runId))
      .orderBy(emailOutbox.createdAt);
  }
}
