import { createHash } from 'node:crypto';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { ParleyError } from '../../errors/parley-error.js';
import type { Db } from '../db/database.js';
import { apiKeys, organizations } from '../db/schema/index.js';
import { base62, type Ids } from '../ids.js';
import type { Scope } from '../api/keys.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;

export const KEY_PATTERN = /^pk_(live|test)_[A-Za-z0-9]{16,128}$/;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function keyPrefix(key: string): string {
  return key.slice(0, 12);
}

export class ApiKeysRepo {
  constructor(
    private readonly db: Db,
    private readonly ids: Ids,
    /** Most active (not revoked) keys an organisation may hold. */
    private readonly maxActive = 10,
  ) {}

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(apiKeys);
    return row?.n ?? 0;
  }

  /** When no key exists at all, `key` becomes the first admin key of a new organisation. */
  async bootstrap(key: string, now: Date): Promise<boolean> {
    if (!KEY_PATTERN.test(key))
      throw new ParleyError('INVALID_CONFIG', 'PARLEY_BOOTSTRAP_KEY must look like pk_live_… or pk_test_…');
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7265783002)`);
      const [row] = await tx.select({ n: count() }).from(apiKeys);
      if ((row?.n ?? 0) > 0) return false;
      const orgId = this.ids.id('org');
      await tx
        .insert(organizations)
        .values({ id: orgId, name: 'Default organisation', createdAt: now, updatedAt: now });
      await tx.insert(apiKeys).values({
        id: this.ids.id('key'),
        organizationId: orgId,
        testMode: key.startsWith('pk_test_'),
        name: 'bootstrap',
        prefix: keyPrefix(key),
        hash: hashKey(key),
        scopes: ['admin'],
        createdAt: now,
        updatedAt: now,
      });
      return true;
    });
  }

  async createOrganization(name: string, now: Date): Promise<OrganizationRow> {
    const [row] = await this.db
      .insert(organizations)
      .values({ id: this.ids.id('org'), name, createdAt: now, updatedAt: now })
      .returning();
    return row!;
  }

  async organization(id: string): Promise<OrganizationRow | null> {
    const [row] = await this.db.select().from(organizations).where(eq(organizations.id, id));
    return row ?? null;
  }

  async findByKey(key: string): Promise<ApiKeyRow | null> {
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.hash, hashKey(key)));
    return row ?? null;
  }

  /** Records use, at most once a minute per key (keeps the hot path cheap). */
  async touch(id: string, now: Date): Promise<boolean> {
    const minuteAgo = new Date(now.getTime() - 60_000);
    const rows = await this.db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, id),
          sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < ${minuteAgo.toISOString()}::timestamptz)`,
        ),
      )
      .returning({ id: apiKeys.id });
    return rows.length > 0;
  }

  async create(
    orgId: string,
    input: { name: string; scopes: Scope[]; testMode: boolean; expiresAt: Date | null },
    now: Date,
  ): Promise<{ row: ApiKeyRow; key: string }> {
    const key = `pk_${input.testMode ? 'test' : 'live'}_${base62(32)}`;
    const row = await this.db.transaction(async (tx) => {
      const [active] = await tx
        .select({ n: count() })
        .from(apiKeys)
        .where(and(eq(apiKeys.organizationId, orgId), isNull(apiKeys.revokedAt)));
      if ((active?.n ?? 0) >= this.maxActive) {
        throw new ParleyError('LIMIT_EXCEEDED', `at most ${this.maxActive} active API keys per organisation`);
      }
      const [inserted] = await tx
        .insert(apiKeys)
        .values({
          id: this.ids.id('key'),
          organizationId: orgId,
          testMode: input.testMode,
          name: input.name,
          prefix: keyPrefix(key),
          hash: hashKey(key),
          scopes: input.scopes,
          expiresAt: input.expiresAt,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return inserted!;
    });
    return { row, key };
  }

  async list(orgId: string): Promise<ApiKeyRow[]> {
    return this.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.organizationId, orgId))
      .orderBy(apiKeys.createdAt, apiKeys.id);
  }

  async get(orgId: string, id: string): Promise<ApiKeyRow> {
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, orgId), eq(apiKeys.id, id)));
    if (!row) throw new ParleyError('NOT_FOUND', `no API key ${id}`);
    return row;
  }

  async rename(orgId: string, id: string, name: string, now: Date): Promise<ApiKeyRow> {
    const [row] = await this.db
      .update(apiKeys)
      .set({ name, updatedAt: now })
      .where(and(eq(apiKeys.organizationId, orgId), eq(apiKeys.id, id)))
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no API key ${id}`);
    return row;
  }

  async revoke(orgId: string, id: string, now: Date): Promise<ApiKeyRow> {
    const [row] = await this.db
      .update(apiKeys)
      .set({
        revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(and(eq(apiKeys.organizationId, orgId), eq(apiKeys.id, id)))
      .returning();
    if (!row) throw new ParleyError('NOT_FOUND', `no API key ${id}`);
    return row;
  }
}
