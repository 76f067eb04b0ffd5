import { index, jsonb, pgTable, text, uniqueIndex, boolean } from 'drizzle-orm/pg-core';
import { stamps, ts } from './columns.js';

export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  ...stamps(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    testMode: boolean('test_mode').notNull(),
    name: text('name').notNull(),
    /** The first characters of the key (shown in lists); the key itself is never stored. */
    prefix: text('prefix').notNull(),
    /** SHA-256 (hex) of the full key. */
    hash: text('hash').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    lastUsedAt: ts('last_used_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    ...stamps(),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.hash), index('api_keys_org_idx').on(t.organizationId)],
);
