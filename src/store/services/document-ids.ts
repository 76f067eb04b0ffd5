/**
 * Result documents by id (`transcript_id`, `responses_id`, `analysis_id` of a run). A transcript's id is
 * its run's id with the `trn_` prefix (every run has exactly one transcript, from creation on); responses
 * and analysis ids are those of their stored rows (kept when they are re-generated). Lookups are scoped to
 * the caller's organisation and mode, and a deleted run's documents are gone with it.
 */
const RUN_PREFIX = 'run_';
const TRANSCRIPT_PREFIX = 'trn_';

export function transcriptIdOf(runId: string): string {
  return TRANSCRIPT_PREFIX + (runId.startsWith(RUN_PREFIX) ? runId.slice(RUN_PREFIX.length) : runId);
}

export function runIdOfTranscript(id: string): string | null {
  return id.startsWith(TRANSCRIPT_PREFIX) && id.length > TRANSCRIPT_PREFIX.length
    ? RUN_PREFIX + id.slice(TRANSCRIPT_PREFIX.length)
    : null;
}
