import type { Blueprint } from '../../../blueprint/schema.js';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { owned, stamps, ts } from './columns.js';

/** Agent configuration (persona, voice, techniques, ...) as served by the API, without ids/timestamps. */
export type AgentConfig = Record<string, unknown>;
/** A Blueprint object (src/blueprint/schema.ts), stored as parsed (defaults applied). */
/** A stored definition: always a parsed Blueprint (the blueprint routes parse the source before writing). */
export type BlueprintDefinition = Blueprint;

export const agents = pgTable(
  'agents',
  {
    id: text('id').primaryKey(),
    ...owned(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    config: jsonb('config').$type<AgentConfig>().notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    deletedAt: ts('deleted_at'),
    ...stamps(),
  },
  (t) => [index('agents_org_idx').on(t.organizationId, t.testMode)],
);

export const agentVersions = pgTable(
  'agent_versions',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    config: jsonb('config').$type<AgentConfig>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.version] })],
);

export const blueprints = pgTable(
  'blueprints',
  {
    id: text('id').primaryKey(),
    ...owned(),
    agentId: text('agent_id'),
    name: text('name').notNull(),
    /** draft | published | archived */
    status: text('status').notNull(),
    /** Version number of the current definition (the draft, or the latest published one). */
    version: integer('version').notNull(),
    publishedVersion: integer('published_version'),
    definition: jsonb('definition').$type<BlueprintDefinition>().notNull(),
    warnings: jsonb('warnings').$type<unknown[]>().notNull(),
    publishedAt: ts('published_at'),
    archivedAt: ts('archived_at'),
    ...stamps(),
  },
  (t) => [index('blueprints_org_idx').on(t.organizationId, t.testMode, t.createdAt)],
);

export const blueprintVersions = pgTable(
  'blueprint_versions',
  {
    blueprintId: text('blueprint_id')
      .notNull()
      .references(() => blueprints.id),
    version: integer('version').notNull(),
    agentId: text('agent_id'),
    definition: jsonb('definition').$type<BlueprintDefinition>().notNull(),
    publishedAt: ts('published_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.blueprintId, t.version] })],
);
