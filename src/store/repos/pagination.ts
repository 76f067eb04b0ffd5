import { and, asc, desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ParleyError } from '../../errors/parley-error.js';

export interface PageQuery {
  limit: number;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

export interface Page<T> {
  rows: T[];
  has_more: boolean;
  next_cursor: string | null;
}

interface Cursorable {
  id: string;
  createdAt: Date;
}

/**
 * Stripe-style cursor pagination, newest first, on (created_at, id). `fetch` runs the scoped query with
 * the extra condition, order and limit; `locate` finds a cursor row in the same scope (unknown → 400).
 */
export async function paginate<T extends Cursorable>(
  q: PageQuery,
  cols: { createdAt: PgColumn; id: PgColumn },
  locate: (id: string) => Promise<Cursorable | null>,
  fetch: (where: SQL | undefined, orderBy: SQL[], limit: number) => Promise<T[]>,
): Promise<Page<T>> {
  const cursorId = q.starting_after ?? q.ending_before;
  if (q.starting_after !== undefined && q.ending_before !== undefined) {
    throw new ParleyError('VALIDATION_FAILED', 'use either starting_after or ending_before', {
      issues: [{ path: 'ending_before', message: 'cannot be combined with starting_after' }],
    });
  }
  let where: SQL | undefined;
  const before = q.ending_before !== undefined;
  if (cursorId !== undefined) {
    const cursor = await locate(cursorId);
    if (!cursor) {
      throw new ParleyError('VALIDATION_FAILED', `unknown cursor ${cursorId}`, {
        issues: [{ path: before ? 'ending_before' : 'starting_after', message: 'no such object' }],
      });
    }
    where = before
      ? sql`(${cols.createdAt}, ${cols.id}) > (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`
      : sql`(${cols.createdAt}, ${cols.id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id})`;
  }
  const order = before ? [asc(cols.createdAt), asc(cols.id)] : [desc(cols.createdAt), desc(cols.id)];
  const rows = await fetch(where, order, q.limit + 1);
  const has_more = rows.length > q.limit;
  const pageRows = rows.slice(0, q.limit);
  if (before) pageRows.reverse();
  const last = pageRows[pageRows.length - 1];
  return { rows: pageRows, has_more, next_cursor: has_more && last ? last.id : null };
}

export function allOf(...conds: (SQL | undefined)[]): SQL | undefined {
  return and(...conds.filter((c): c is SQL => c !== undefined));
}
