import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { StoreClient } from '../../store-client/client.js';
import type { ConversationRecorder, RecordedAudio } from './recording.js';
import { wavHeader } from './recording-wav.js';

/**
 * The end of a recorded session: stop the recorder, ask the store whether the run wants the recording,
 * cut it to the session's timeline (its first sample is the session's start as the store recorded it —
 * the same instant transcript `offset_ms` counts from), upload it as a stereo WAV, and delete the file.
 */
export async function finishRecording(o: {
  recorder: Pick<ConversationRecorder, 'stop'>;
  client: StoreClient;
  upload: boolean;
  log: Logger;
}): Promise<{ uploaded: boolean; bytes: number }> {
  const { recorder, client, log } = o;
  const audio = await recorder.stop();
  try {
    if (!o.upload || audio === null) return { uploaded: false, bytes: 0 };
    const wanted = await client.recordingWanted({ timeoutMs: 15_000 });
    if (!wanted.recording || wanted.timeline_started_at === null) return { uploaded: false, bytes: 0 };
    const startMs = Date.parse(wanted.timeline_started_at);
    const cut = cutToTimeline(audio, startMs);
    const header = wavHeader({ sampleRate: audio.sampleRate, channels: 2, dataBytes: cut.pcmBytes });
    await client.uploadRecording(
      {
        contentType: 'audio/wav',
        bytes: header.length + cut.pcmBytes,
        open: () => wavBody(header, audio.path, cut),
        timelineStartedAt: new Date(startMs).toISOString(),
        sessionId: wanted.session_id ?? undefined,
      },
      { timeoutMs: 120_000 },
    );
    log.info({ bytes: header.length + cut.pcmBytes, lead_in_ms: cut.leadInMs }, 'recording uploaded');
    return { uploaded: true, bytes: header.length + cut.pcmBytes };
  } catch (error) {
    log.warn({ err: String(error) }, 'recording not uploaded');
    return { uploaded: false, bytes: 0 };
  } finally {
    if (audio !== null) await rm(audio.path, { force: true });
  }
}

/**
 * Where the file's bytes start for a timeline beginning at `startMs`: recording began earlier → skip the
 * head; later → lead in with silence (rare: the recorder starts before the store session opens).
 */
export function cutToTimeline(
  audio: RecordedAudio,
  startMs: number,
): { skipBytes: number; leadInBytes: number; pcmBytes: number; leadInMs: number } {
  const frameBytes = audio.channels * 2;
  const offsetFrames = Math.round(((startMs - audio.t0Ms) * audio.sampleRate) / 1000);
  const totalFrames = audio.pcmBytes / frameBytes;
  if (offsetFrames >= 0) {
    const skip = Math.min(offsetFrames, totalFrames);
    return {
      skipBytes: skip * frameBytes,
      leadInBytes: 0,
      pcmBytes: (totalFrames - skip) * frameBytes,
      leadInMs: 0,
    };
  }
  const lead = -offsetFrames;
  return {
    skipBytes: 0,
    leadInBytes: lead * frameBytes,
    pcmBytes: (totalFrames + lead) * frameBytes,
    leadInMs: Math.round((lead * 1000) / audio.sampleRate),
  };
}

function wavBody(
  header: Buffer,
  path: string,
  cut: { skipBytes: number; leadInBytes: number; pcmBytes: number },
): Readable {
  const out = new PassThrough();
  out.write(header);
  if (cut.leadInBytes > 0) out.write(Buffer.alloc(cut.leadInBytes));
  const fileBytes = cut.pcmBytes - cut.leadInBytes;
  if (fileBytes <= 0) {
    out.end();
    return out;
  }
  const file = createReadStream(path, { start: cut.skipBytes, end: cut.skipBytes + fileBytes - 1 });
  file.on('error', (err) => out.destroy(err));
  file.pipe(out);
  return out;
}
