import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** Who is asking: every customer query is scoped to one organisation and one mode. */
export interface Tenant {
  organizationId: string;
  testMode: boolean;
}

export function tenantWhere(cols: { organizationId: PgColumn; testMode: PgColumn }, t: Tenant): SQL {
  return and(eq(cols.organizationId, t.organizationId), eq(cols.testMode, t.testMode))!;
}
