import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { ParleyError } from '../../errors/parley-error.js';
import type { AudioLinkDto, RecordingDto } from '../api/audio.js';
import type { RecordingWanted } from '../api/internal/recording.js';
import type { StoreDeps } from '../deps.js';
import type { RunRow } from '../repos/runs.js';
import type { Tenant } from '../repos/scope.js';
import { RecordingsRepo, type RecordingRow } from './recordings-repo.js';
import { SessionRecordingsRepo, sessionRecordingKey } from './session-recordings.js';
import { recordingKey, type RecordingContentType } from './types.js';
import { HeadTap, parseWavHeader } from './wav.js';

/** Signed audio links are valid for one hour. */
export const AUDIO_LINK_TTL_S = 3600;

/** The API link of a run's audio (`audioUrl` of webhooks, `audio_url` of runs): needs an API key. */
export function audioApiUrl(deps: StoreDeps, runId: string): string {
  return `${deps.config.publicUrl.replace(/\/+$/, '')}/v1/interview-runs/${encodeURIComponent(runId)}/audio`;
}

export function wantsRecording(run: RunRow): boolean {
  return run.channelSettings?.recording === true;
}

export async function recordingWanted(deps: StoreDeps, runId: string): Promise<RecordingWanted> {
  const run = await deps.repos.runs.byId(runId);
  const sessions = (await deps.repos.runs.sessions([runId])).get(runId) ?? [];
  const current = sessions.find((s) => s.id === run.currentSessionId) ?? sessions.at(-1) ?? null;
  return {
    recording: wantsRecording(run),
    session_id: current?.id ?? null,
    timeline_started_at: current?.startedAt.toISOString() ?? null,
  };
}

/**
 * Keep an uploaded recording: stream it into the media store (bounded by the configured size), remember
 * it, and point the run's `audio_url` at the API's audio link. Only runs whose channel settings ask for
 * recording accept one.
 */
export async function saveRecording(
  deps: StoreDeps,
  runId: string,
  upload: { body: Readable; contentType: RecordingContentType; timelineStartedAt: Date; sessionId?: string },
): Promise<RecordingDto> {
  const run = await deps.repos.runs.byId(runId);
  if (!wantsRecording(run)) {
    upload.body.resume();
    throw new ParleyError(
      'RECORDING_NOT_REQUESTED',
      `run ${runId} does not ask for a recording (channel_settings.recording is false)`,
    );
  }
  if (upload.sessionId !== undefined) await assertRunSession(deps, runId, upload.sessionId, upload.body);
  const key =
    upload.sessionId !== undefined
      ? sessionRecordingKey(runId, upload.sessionId, upload.contentType)
      : recordingKey(runId, upload.contentType);
  // A WAV whose header does not parse fails the stream before the media store commits it, so an earlier
  // recording under the same key stays as it was.
  const isWav = upload.contentType === 'audio/wav';
  const tap = new HeadTap(256, isWav ? (head) => parseWavHeader(head) !== null : undefined);
  const tapped = pipeline(upload.body, tap, () => undefined);
  let info: Awaited<ReturnType<StoreDeps['media']['put']>>;
  try {
    info = await deps.media.put(key, tapped, {
      contentType: upload.contentType,
      maxBytes: deps.config.recordingMaxBytes,
    });
  } catch (err) {
    if (tap.refused) throw new ParleyError('VALIDATION_FAILED', 'the recording is not a PCM WAV file');
    throw err;
  }
  const wav = isWav ? parseWavHeader(tap.head) : null;
  const frameBytes = wav ? wav.channels * (wav.bitsPerSample / 8) : 0;
  const now = new Date(deps.clock.now());
  const row = await new RecordingsRepo(deps.database.db).upsert({
    runId,
    sessionId: upload.sessionId ?? null,
    storageKey: key,
    contentType: upload.contentType,
    bytes: info.bytes,
    durationMs:
      wav && frameBytes > 0
        ? Math.round(((info.bytes - wav.dataOffset) / frameBytes / wav.sampleRate) * 1000)
        : null,
    channels: wav?.channels ?? null,
    sampleRate: wav?.sampleRate ?? null,
    timelineStartedAt: upload.timelineStartedAt,
    createdAt: now,
    updatedAt: now,
  });
  if (upload.sessionId !== undefined) {
    await new SessionRecordingsRepo(deps.database.db).upsert({
      sessionId: upload.sessionId,
      runId,
      storageKey: key,
      contentType: row.contentType,
      bytes: row.bytes,
      durationMs: row.durationMs,
      sampleRate: row.sampleRate,
      timelineStartedAt: row.timelineStartedAt,
      createdAt: now,
      updatedAt: now,
    });
  }
  await deps.repos.runs.update(runId, { audioUrl: audioApiUrl(deps, runId), updatedAt: now });
  deps.logger.info({ run_id: runId, bytes: info.bytes, media: deps.media.kind }, 'recording stored');
  return recordingDto(row, run);
}

/**
 * A deleted run keeps no audio: remove its recording from the media store (disk or bucket) and forget it.
 * Runs first when a run is deleted, so a failure leaves the run (and the way to retry) in place.
 */
export async function deleteRecording(deps: StoreDeps, runId: string): Promise<void> {
  const repo = new RecordingsRepo(deps.database.db);
  const sessions = new SessionRecordingsRepo(deps.database.db);
  const row = await repo.byRun(runId);
  const perSession = await sessions.byRun(runId);
  if (row === null && perSession.length === 0) return;
  const keys = new Set([...perSession.map((r) => r.storageKey), ...(row ? [row.storageKey] : [])]);
  for (const key of keys) await deps.media.delete(key);
  await sessions.deleteRun(runId);
  await repo.delete(runId);
  await deps.repos.runs.update(runId, { audioUrl: null, updatedAt: new Date(deps.clock.now()) });
  deps.logger.info({ run_id: runId, media: deps.media.kind }, 'recording deleted');
}

/** A session-tagged upload must name one of the run's own sessions (its object key is made from it). */
async function assertRunSession(deps: StoreDeps, runId: string, sessionId: string, body: Readable) {
  const sessions = (await deps.repos.runs.sessions([runId])).get(runId) ?? [];
  if (sessions.some((s) => s.id === sessionId)) return;
  body.resume();
  throw new ParleyError('VALIDATION_FAILED', `session ${sessionId} is not a session of run ${runId}`, {
    issues: [{ path: 'session_id', message: 'not a session of this run' }],
  });
}

export function recordingDto(row: RecordingRow, run: RunRow): RecordingDto {
  const runStart = run.startedAt?.getTime() ?? row.timelineStartedAt.getTime();
  return {
    content_type: row.contentType,
    bytes: row.bytes,
    duration_ms: row.durationMs,
    sample_rate: row.sampleRate,
    channels: { left: 'participant', right: 'agent' },
    session_id: row.sessionId,
    timeline_started_at: row.timelineStartedAt.toISOString(),
    offset_ms: row.timelineStartedAt.getTime() - runStart,
    created_at: row.createdAt.toISOString(),
  };
}

/** `GET /v1/interview-runs/:id/audio`: a download link valid for one hour. */
export async function audioLink(deps: StoreDeps, t: Tenant, runId: string): Promise<AudioLinkDto> {
  const run = await deps.repos.runs.get(t, runId);
  const row = await new RecordingsRepo(deps.database.db).byRun(run.id);
  if (row === null) {
    throw new ParleyError(
      'RECORDING_NOT_FOUND',
      wantsRecording(run)
        ? `run ${run.id} has no recording yet (it is uploaded when the interview ends)`
        : `run ${run.id} was not recorded (channel_settings.recording is false)`,
    );
  }
  const link = await deps.media.signedUrl(row.storageKey, {
    expiresInS: AUDIO_LINK_TTL_S,
    contentType: row.contentType,
    now: deps.clock.now(),
  });
  return {
    object: 'audio',
    run_id: run.id,
    url: link.url,
    expires_at: link.expiresAt.toISOString(),
    ...recordingDto(row, run),
  };
}
