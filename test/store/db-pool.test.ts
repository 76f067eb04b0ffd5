import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseStoreEnv } from '../../src/config/store.js';
import { openDatabase } from '../../src/store/db/database.js';

const url = process.env.PARLEY_TEST_DATABASE_URL;

describe('the store pool to PostgreSQL (PARLEY_DB_POOL_MAX)', () => {
  it('defaults to 10 connections per store process, and rejects a bad value by name', () => {
    expect(parseStoreEnv({}).PARLEY_DB_POOL_MAX).toBe(10);
    expect(parseStoreEnv({ PARLEY_DB_POOL_MAX: '3' }).PARLEY_DB_POOL_MAX).toBe(3);
    expect(() => parseStoreEnv({ PARLEY_DB_POOL_MAX: '0' })).toThrow(/PARLEY_DB_POOL_MAX/);
  });

  it.skipIf(!url)('never holds more connections than allowed, however many queries wait', async () => {
    const database = await openDatabase({ url: url!, poolMax: 2 });
    try {
      // six queries at once, each holding its connection briefly: a pool of 2 serves them on 2 backends
      const rows = await Promise.all(
        Array.from({ length: 6 }, () =>
          database.db.execute(sql`select pg_backend_pid() as pid, pg_sleep(0.05)`),
        ),
      );
      const pids = new Set(rows.map((r) => (r as unknown as { rows: { pid: number }[] }).rows[0]!.pid));
      expect(pids.size).toBe(2);
    } finally {
      await database.close();
    }
  });
});
