import { bigint, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { owned, stamps } from './columns.js';

/** Invitation emails waiting to be sent or sent (the email outbox). Times in epoch ms like the webhook outbox. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: text('id').primaryKey(),
    ...owned(),
    runId: text('run_id').notNull(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** pending · sending (claimed, lease until next_attempt_at) · sent · dead */
    status: text('status').notNull(),
    attempt: integer('attempt').notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    lastError: text('last_error'),
    sentAtMs: bigint('sent_at_ms', { mode: 'number' }),
    ...stamps(),
  },
  (t) => [
    index('email_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('email_outbox_run_idx').on(t.runId),
  ],
);
