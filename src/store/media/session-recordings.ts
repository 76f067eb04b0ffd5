import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sessionRecordings } from '../db/schema/index.js';
import { recordingKey, type RecordingContentType } from './types.js';

export type SessionRecordingRow = typeof sessionRecordings.$inferSelect;

/**
 * `recordings/<run id>/<session id>.<ext>`: each session of a run keeps its own object, so a resumed
 * run's earlier sessions stay downloadable after the next one uploads. Ids are checked like run ids.
 */
export function sessionRecordingKey(
  runId: string,
  sessionId: string,
  contentType: RecordingContentType,
): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(sessionId))
    throw new Error(`unsafe session id for a media key: ${sessionId}`);
  return recordingKey(runId, contentType).replace(/\.(wav|ogg)$/, `/${sessionId}.$1`);
}

/** One recording row per run session (a new upload for the same session replaces it). */
export class SessionRecordingsRepo {
  constructor(private readonly db: Db) {}

  async byRun(runId: string): Promise<SessionRecordingRow[]> {
    return this.db.select().from(sessionRecordings).where(eq(sessionRecordings.runId, runId));
  }

  async upsert(row: SessionRecordingRow): Promise<SessionRecordingRow> {
    const { sessionId: _sessionId, createdAt: _createdAt, ...set } = row;
    const [saved] = await this.db
      .insert(sessionRecordings)
      .values(row)
      .onConflictDoUpdate({ target: sessionRecordings.sessionId, set })
      .returning();
    return saved!;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.db.delete(sessionRecordings).where(eq(sessionRecordings.runId, runId));
  }
}
