import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AudioStream,
  type AudioFrame,
  RoomEvent,
  TrackKind,
  type LocalTrackPublication,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  type Room,
  type Track,
} from '@livekit/rtc-node';
import type { Logger } from 'pino';
import { StereoTimeline } from './recording-timeline.js';

/**
 * Records a conversation as raw stereo PCM (16-bit, left = participant, right = agent) streamed to a file
 * in the job's work dir. Both sides are taken from the room: the participant's subscribed microphone
 * track, and the agent's own published track (its sink sees exactly the audio that is sent, at the time
 * it is sent — interrupted speech that never played is not in it). Every frame is placed on one
 * wall-clock timeline by the time it arrived (`StereoTimeline`), silence where nobody speaks.
 */

export const RECORDING_SAMPLE_RATE = 16_000;
/** How far behind "now" the file is written (late frames still land in place). */
const WRITE_LAG_MS = 600;
const WRITE_EVERY_MS = 250;

/** A finished recording: raw interleaved stereo PCM whose first sample is at wall time `t0Ms`. */
export interface RecordedAudio {
  path: string;
  t0Ms: number;
  sampleRate: number;
  channels: 2;
  pcmBytes: number;
}

export interface RecorderOptions {
  room: Room;
  participant: RemoteParticipant;
  workDir: string;
  log: Logger;
  now?: () => number;
}

export class ConversationRecorder {
  private readonly timeline: StereoTimeline;
  private readonly file: WriteStream;
  private readonly readers: ReadableStreamDefaultReader<AudioFrame>[] = [];
  private readonly tapped = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private bytes = 0;
  private stopped: Promise<RecordedAudio | null> | null = null;
  private readonly offSubscribed: () => void;

  private constructor(
    private readonly o: RecorderOptions,
    readonly path: string,
  ) {
    this.now = o.now ?? Date.now;
    this.timeline = new StereoTimeline(RECORDING_SAMPLE_RATE, this.now());
    this.file = createWriteStream(path);
    this.file.on('error', (err) => o.log.warn({ err: String(err) }, 'recording file write failed'));
    this.timer = setInterval(() => this.writeUntil(this.now() - WRITE_LAG_MS), WRITE_EVERY_MS);
    this.timer.unref();
    const onSubscribed = (track: RemoteTrack, _pub: RemoteTrackPublication, p: RemoteParticipant) => {
      if (p.identity === o.participant.identity) this.tap(track, 0);
    };
    const onLocal = (pub: LocalTrackPublication) => {
      if (pub.track) this.tap(pub.track, 1);
    };
    o.room.on(RoomEvent.TrackSubscribed, onSubscribed);
    o.room.on(RoomEvent.LocalTrackPublished, onLocal);
    this.offSubscribed = () => {
      o.room.off(RoomEvent.TrackSubscribed, onSubscribed);
      o.room.off(RoomEvent.LocalTrackPublished, onLocal);
    };
    for (const pub of o.participant.trackPublications.values()) if (pub.track) this.tap(pub.track, 0);
    for (const pub of o.room.localParticipant?.trackPublications.values() ?? [])
      if (pub.track) this.tap(pub.track, 1);
  }

  /** Start recording now (the timeline's zero is this instant). */
  static async start(o: RecorderOptions): Promise<ConversationRecorder> {
    await mkdir(o.workDir, { recursive: true });
    return new ConversationRecorder(o, join(o.workDir, `recording-${process.pid}-${Date.now()}.pcm`));
  }

  private tap(track: Track, channel: 0 | 1): void {
    if (track.kind !== TrackKind.KIND_AUDIO || track.sid === undefined || this.tapped.has(track.sid)) return;
    if (this.stopped !== null) return;
    this.tapped.add(track.sid);
    const reader = new AudioStream(track, {
      sampleRate: RECORDING_SAMPLE_RATE,
      numChannels: 1,
    }).getReader();
    this.readers.push(reader);
    void (async () => {
      try {
        for (;;) {
          const { value: frame, done } = await reader.read();
          if (done) break;
          const arrived = this.now();
          const samples = frame.data.slice(0, frame.samplesPerChannel);
          this.timeline.push(channel, arrived - (samples.length * 1000) / RECORDING_SAMPLE_RATE, samples);
        }
      } catch (error) {
        this.o.log.warn({ err: String(error), channel }, 'recording stream ended with an error');
      }
    })();
    this.o.log.debug({ channel: channel === 0 ? 'participant' : 'agent' }, 'recording a track');
  }

  private writeUntil(ms: number): void {
    const pcm = this.timeline.take(this.timeline.sampleAt(ms));
    if (pcm.length === 0) return;
    const buf = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    this.bytes += buf.length;
    this.file.write(buf);
  }

  /** Stop and close the file (everything up to now is in it). Idempotent. */
  stop(): Promise<RecordedAudio | null> {
    this.stopped ??= (async () => {
      clearInterval(this.timer);
      this.offSubscribed();
      this.writeUntil(this.now());
      for (const r of this.readers) await r.cancel().catch(() => undefined);
      await new Promise<void>((resolve) => this.file.end(() => resolve()));
      if (this.file.errored) return null;
      return {
        path: this.path,
        t0Ms: this.timeline.t0Ms,
        sampleRate: RECORDING_SAMPLE_RATE,
        channels: 2 as const,
        pcmBytes: this.bytes,
      };
    })();
    return this.stopped;
  }

  /** Stop and delete the file. */
  async discard(): Promise<void> {
    await this.stop();
    await rm(this.path, { force: true });
  }
}
