import { join } from 'node:path';
import type { JobContext } from '@livekit/agents';
import type { RemoteParticipant } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../../config/worker.js';
import { fetchRecordingWanted } from '../../store-client/upload.js';
import type { JobMetadata } from '../metadata.js';
import { ConversationRecorder } from './recording.js';
import { attachRecorder, takeRecorder } from './recording-slot.js';

/**
 * Start recording when the participant's session starts. A job that knows its run (`{run_id}`) asks the
 * store first and records only runs whose channel settings ask for it; a dial-in job learns its run from
 * the PIN later, so it records from the start and teardown keeps the audio only if the run wants it.
 * Whatever teardown did not take is deleted when the job shuts down.
 */
export async function startRecording(o: {
  ctx: JobContext;
  config: WorkerConfig;
  participant: RemoteParticipant;
  meta: JobMetadata;
  job: object;
  log: Logger;
}): Promise<void> {
  const { config, log } = o;
  if (config.PARLEY_RECORDINGS === 'off') return;
  const runId = 'run_id' in o.meta ? o.meta.run_id : null;
  if (runId !== null) {
    try {
      const wanted = await fetchRecordingWanted({
        baseUrl: config.PARLEY_STORE_URL,
        agentSecret: config.PARLEY_AGENT_SECRET,
        runId,
      });
      if (wanted === null || !wanted.recording) return;
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
    attachRecorder(o.job, recorder);
    o.ctx.addShutdownCallback(async () => {
      await takeRecorder(o.job)?.discard();
    });
  } catch (error) {
    log.warn({ err: String(error) }, 'could not start recording');
  }
}
