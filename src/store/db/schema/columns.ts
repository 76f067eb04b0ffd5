import { boolean, text, timestamp } from 'drizzle-orm/pg-core';

/** Shared column builders: every customer object has an organisation, a test_mode flag and timestamps. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const owned = () => ({
  organizationId: text('organization_id').notNull(),
  testMode: boolean('test_mode').notNull(),
});

export const stamps = () => ({
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
