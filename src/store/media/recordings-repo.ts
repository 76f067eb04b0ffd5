import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { runRecordings } from '../db/schema/index.js';

export type RecordingRow = typeof runRecordings.$inferSelect;
export type NewRecordingRow = typeof runRecordings.$inferInsert;

/** A run's recording row (one per run; a new upload replaces the previous one). */
export class RecordingsRepo {
  constructor(private readonly db: Db) {}

  async byRun(runId: string): Promise<RecordingRow | null> {
    const [row] = await this.db.select().from(runRecordings).where(eq(runRecordings.runId, runId)).limit(1);
    return row ?? null;
  }

  async upsert(row: NewRecordingRow): Promise<RecordingRow> {
    const { runId: _runId, createdAt: _createdAt, ...set } = row;
    const [saved] = await this.db
      .insert(runRecordings)
      .values(row)
      .onConflictDoUpdate({ target: runRecordings.runId, set })
      .returning();
    return saved!;
  }

  async delete(runId: string): Promise<void> {
    await this.db.delete(runRecordings).where(eq(runRecordings.runId, runId));
  }
}
