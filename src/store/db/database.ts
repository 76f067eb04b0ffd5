import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The one database type repositories see: PGlite and node-postgres databases both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Only for PostgreSQL: the connection string (LISTEN/NOTIFY needs its own client). */
  readonly url: string | null;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL by URL (`poolMax` connections at most, default 10), or PGlite in a directory. */
export type DatabaseOptions = { url: string; poolMax?: number } | { dataDir: string };

/** `src/store/db/migrations` under the package root, found from both `src/` (tsx, vitest) and `dist/`. */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'src', 'store', 'db', 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('cannot find src/store/db/migrations above ' + fileURLToPath(import.meta.url));
}

/** Serialises migrations between store instances starting together on one PostgreSQL. */
const MIGRATION_LOCK = 7_265_783_001;

/** Opens the database and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const migrationsFolderPath = migrationsFolder();
  if ('url' in options) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 10 });
    const db = drizzlePg(pool, { schema });
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder: migrationsFolderPath });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
    return {
      // interop: the node-postgres and PGlite drizzle databases share one query API but not one type
      db: db as unknown as Db,
      kind: 'postgres',
      url: options.url,
      ping: async () => void (await pool.query('select 1')),
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir;
  if (!dataDir.startsWith('memory://')) mkdirSync(resolve(dataDir), { recursive: true });
  const client = new PGlite(dataDir.startsWith('memory://') ? dataDir : resolve(dataDir));
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: migrationsFolderPath });
  return {
    // interop: the node-postgres and PGlite drizzle databases share one query API but not one type
    db: db as unknown as Db,
    kind: 'pglite',
    url: null,
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => client.close(),
  };
}
