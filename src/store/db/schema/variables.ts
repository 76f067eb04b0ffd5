import { boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { owned, stamps } from './columns.js';

/**
 * Account-level variables: defined once per organisation and mode, used by every run unless the run (or
 * the blueprint's own default) sets the value. Names are unique within the organisation and mode.
 */
export const accountVariables = pgTable(
  'account_variables',
  {
    id: text('id').primaryKey(),
    ...owned(),
    name: text('name').notNull(),
    defaultValue: text('default_value'),
    description: text('description'),
    required: boolean('required').notNull().default(false),
    ...stamps(),
  },
  (t) => [uniqueIndex('account_variables_name_idx').on(t.organizationId, t.testMode, t.name)],
);
