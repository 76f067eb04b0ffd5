import type { RunSessionDto, RunSessionsDto } from '../api/sessions.js';
import type { StoreDeps } from '../deps.js';
import { AUDIO_LINK_TTL_S } from '../media/recordings.js';
import { RecordingsRepo } from '../media/recordings-repo.js';
import { SessionRecordingsRepo } from '../media/session-recordings.js';
import type { Tenant } from '../repos/scope.js';
import type { TurnRow } from '../repos/turns.js';

interface StoredAudio {
  storageKey: string;
  contentType: string;
  bytes: number;
  durationMs: number | null;
  sampleRate: number | null;
  timelineStartedAt: Date;
}

/**
 * A run's sessions, oldest first, each with the range of transcript entries spoken in it and a signed
 * link to its own recording. A recording uploaded before per-session rows existed (the run's one, tagged
 * with its session) still shows under that session.
 */
export async function runSessions(deps: StoreDeps, t: Tenant, runId: string): Promise<RunSessionsDto> {
  const run = await deps.repos.runs.get(t, runId);
  const sessions = (await deps.repos.runs.sessions([run.id])).get(run.id) ?? [];
  const turns = await deps.repos.turns.list(run.id);
  const audio = new Map<string, StoredAudio>();
  const legacy = await new RecordingsRepo(deps.database.db).byRun(run.id);
  if (legacy?.sessionId) audio.set(legacy.sessionId, legacy);
  for (const r of await new SessionRecordingsRepo(deps.database.db).byRun(run.id)) audio.set(r.sessionId, r);
  const runStart = run.startedAt?.getTime() ?? null;

  const data: RunSessionDto[] = [];
  for (const [i, s] of sessions.entries()) {
    const stored = audio.get(s.id) ?? null;
    let recording: RunSessionDto['recording'] = null;
    if (stored) {
      const link = await deps.media.signedUrl(stored.storageKey, {
        expiresInS: AUDIO_LINK_TTL_S,
        contentType: stored.contentType,
        now: deps.clock.now(),
      });
      recording = {
        url: link.url,
        expires_at: link.expiresAt.toISOString(),
        content_type: stored.contentType,
        bytes: stored.bytes,
        duration_ms: stored.durationMs,
        sample_rate: stored.sampleRate,
        timeline_started_at: stored.timelineStartedAt.toISOString(),
        offset_ms: stored.timelineStartedAt.getTime() - (runStart ?? stored.timelineStartedAt.getTime()),
      };
    }
    data.push({
      id: s.id,
      object: 'session',
      run_id: run.id,
      index: i + 1,
      channel: s.channel,
      participant_identity: s.participantIdentity,
      started_at: s.startedAt.toISOString(),
      ended_at: s.endedAt ? s.endedAt.toISOString() : null,
      transcript: rangeOf(turns.filter((x) => x.sessionId === s.id)),
      recording,
    });
  }
  return { object: 'list', data, has_more: false, next_cursor: null };
}

function rangeOf(turns: TurnRow[]): RunSessionDto['transcript'] {
  const sorted = [...turns].sort((a, b) => a.turnNumber - b.turnNumber);
  const first = sorted[0] ?? null;
  const last = sorted.at(-1) ?? null;
  return {
    entry_count: sorted.length,
    first_turn_number: first?.turnNumber ?? null,
    last_turn_number: last?.turnNumber ?? null,
    first_entry_id: first?.id ?? null,
    last_entry_id: last?.id ?? null,
  };
}
