import { join } from 'node:path';
import type { JobContext } from '@livekit/agents';
import type { RemoteParticipant } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../../config/worker.js';
import { fetchRecordingWanted } from '../../store-client/upload.js';
import type { JobMetadata } from '../metadata.js';
import { ConversationRecorder } from './recording.js';

/**
 * Start recording once the participant is in the room (before their voice session starts). A job that
 * knows its run (`{run_id}`) asks the store first and records only runs whose channel settings ask for
 * it; a dial-in job learns its run from the PIN later, so it records from the start and teardown keeps the
 * audio only if the run wants it. The recorder goes to the job's controller, which hands it to teardown;
 * whatever teardown did not finish is deleted when the job shuts down. Null: not recording.
 */
export async function startRecording(o: {
  ctx: JobContext;
  config: WorkerConfig;
  participant: RemoteParticipant;
  meta: JobMetadata;
  log: Logger;
}): Promise<ConversationRecorder | null> {
  const { config, log } = o;
  if (config.PARLEY_RECORDINGS === 'off') return null;
  const runId = 'run_id' in o.meta ? o.meta.run_id : null;
  if (runId !== null) {
    try {
      const wanted = await fetchRecordingWanted({
        baseUrl: config.PARLEY_STORE_URL,
        agentSecret: config.PARLEY_AGENT_SECRET,
        runId,
      });
      if (wanted === null || !wanted.recording) return null;
    } catch (error) {
      log.warn({ err: String(error) }, 'could not ask the store about recording: recording anyway');
    }
  }
  try {
    const recorder = await ConversationRecorder.start({
      room: o.ctx.room,
      participant: o.participant,
      workDir: join(config.PARLEY_WORK_DIR, runId ?? 'dial-in', 'recording'),
      log,
    });
    o.ctx.addShutdownCallback(() => recorder.discard());
    return recorder;
  } catch (error) {
    log.warn({ err: String(error) }, 'could not start recording');
    return null;
  }
}
