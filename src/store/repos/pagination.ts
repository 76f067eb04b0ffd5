import { and, asc, desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ParleyError } from '../../errors/parley-error.js';

export interface PageQuery {
  limit: number;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
  /** Page-number listing (1-based), instead of cursors. */
  page?: number | undefined;
  page_size?: number | undefined;
}

export interface Page<T> {
  rows: T[];
  has_more: boolean;
  next_cursor: string | null;
  /** Page-number listing only. */
  total_count?: number;
  total_pages?: number;
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
  fetch: (where: SQL | undefined, orderBy: SQL[], limit: number, offset?: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  if (q.page !== undefined || q.page_size !== undefined) return byPageNumber(q, cols, fetch, count);
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

/** `page` + `page_size` (newest first), with the totals; cursors cannot be combined with it. */
async function byPageNumber<T>(
  q: PageQuery,
  cols: { createdAt: PgColumn; id: PgColumn },
  fetch: (where: SQL | undefined, orderBy: SQL[], limit: number, offset?: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  if (q.starting_after !== undefined || q.ending_before !== undefined) {
    throw new ParleyError('VALIDATION_FAILED', 'use either page/page_size or starting_after/ending_before', {
      issues: [{ path: 'page', message: 'cannot be combined with a cursor' }],
    });
  }
  const page = q.page ?? 1;
  const size = q.page_size ?? q.limit;
  const [rows, total] = await Promise.all([
    fetch(undefined, [desc(cols.createdAt), desc(cols.id)], size, (page - 1) * size),
    count(),
  ]);
  const totalPages = Math.ceil(total / size);
  return {
    rows,
    has_more: page < totalPages,
    next_cursor: null,
    total_count: total,
    total_pages: totalPages,
  };
}

export function allOf(...conds: (SQL | undefined)[]): SQL | undefined {
  return and(...conds.filter((c): c is SQL => c !== undefined));
}
