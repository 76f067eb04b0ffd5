import '../../e2e/harness/rtc-log.js';
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteTrack,
  type Room,
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { TestParticipant } from '../../e2e/harness/participant.js';
import type { LiveKitServer } from '../../e2e/harness/livekit.js';
import { rms } from '../../e2e/harness/speech.js';
import { round, summary } from '../lib.js';

/**
 * The WebRTC audio floor on this machine, without any agent: in a room of its own on the bench's
 * livekit-server, a "sender" rtc-node participant publishes short tone bursts separated by silence and an
 * "echo" participant republishes every sounding frame it receives, at once, through its own AudioSource and
 * track.
 * Both listen as the latency part's participant does (`TestParticipant`: 10 ms frames at 48 kHz, the first
 * frame over its sound threshold after ≥ 300 ms of silence, `Date.now()` when the frame arrives), and the
 * start of a burst is taken as the end of the latency part's speech is: the time the end of the frame leaves
 * the sender's audio source (time queued plus the source's queued duration then), with the same 200 ms
 * source buffer. Measured per burst:
 *   one way     first tone frame leaves the sender's source → first sound frame at the echo
 *   round trip  same start → first sound frame of the echo back at the sender
 * The round trip has the two hops of an agent turn (participant → server → worker, worker → server →
 * participant) plus one republish through an AudioSource, as the agent's audio output does.
 */

const SAMPLE_RATE = 48_000;
const FRAME_SAMPLES = SAMPLE_RATE / 100;
/** The latency part's participant source buffer (interview.ts) and the agent's output default (room io). */
const SOURCE_QUEUE_MS = 200;
/** A sharp-edged 440 Hz tone (RMS ≈ 4200, near espeak speech): its onset is one unambiguous frame. */
const TONE_HZ = 440;
const TONE_AMPLITUDE = 6000;
const BURST_MS = 200;
/** Silence after each burst: longer than the listeners' 300 ms onset gap plus a round trip. */
const GAP_MS = 600;
const WARMUP_BURSTS = 2;
/**
 * The echo republishes frames above this level only: like the agent's output, its source runs dry between
 * bursts. Forwarding the silence too keeps whatever the source queued after a stall of the event loop for
 * good (measured: the round trip went from 96 to 186 ms for the rest of a run after one such stall).
 */
const FORWARD_RMS = 30;
/** An onset up to this long before a burst's start estimate still belongs to it (queue estimate slack). */
const EARLY_SLACK_MS = 100;

export interface EchoBurst {
  burst: number;
  sent_at: number;
  one_way_ms: number | null;
  round_trip_ms: number | null;
  /** The echo source's estimated queued audio when the burst's first tone frame was republished. */
  echo_queue_ms: number | null;
}

export interface EchoFloor {
  method: string;
  bursts: number;
  one_way_ms: ReturnType<typeof summary>;
  round_trip_ms: ReturnType<typeof summary>;
  /** Round trip − one way per burst: echo republish + echo → server → sender. */
  back_ms: ReturnType<typeof summary>;
  echo_queue_ms: ReturnType<typeof summary>;
  missed_one_way: number;
  missed_round_trip: number;
  samples: EchoBurst[];
}

function token(lk: LiveKitServer, identity: string, room: string): Promise<string> {
  const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity, ttl: 600 });
  at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
  return at.toJwt();
}

async function publish(room: Room, name: string): Promise<AudioSource> {
  const source = new AudioSource(SAMPLE_RATE, 1, SOURCE_QUEUE_MS);
  const options = new TrackPublishOptions();
  options.source = TrackSource.SOURCE_MICROPHONE;
  await room.localParticipant?.publishTrack(LocalAudioTrack.createAudioTrack(name, source), options);
  return source;
}

/** Resolves on the room's first subscribed audio track (register before `connect`). */
function firstAudioTrack(room: Room): Promise<RemoteTrack> {
  return new Promise((resolve) => {
    const on = (track: RemoteTrack) => {
      if (track.kind !== TrackKind.KIND_AUDIO) return;
      room.off(RoomEvent.TrackSubscribed, on);
      resolve(track);
    };
    room.on(RoomEvent.TrackSubscribed, on);
  });
}

function frame(samples: Int16Array): AudioFrame {
  return new AudioFrame(samples, SAMPLE_RATE, 1, FRAME_SAMPLES);
}

function toneFrames(): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let f = 0; f < BURST_MS / 10; f++) {
    const chunk = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      const n = f * FRAME_SAMPLES + i;
      chunk[i] = Math.round(TONE_AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * n) / SAMPLE_RATE));
    }
    frames.push(chunk);
  }
  return frames;
}

/** The first onset in [sentAt − slack, sentAt + burst period − slack): the burst's own. */
function onsetFor(onsets: readonly number[], sentAt: number): number | null {
  const from = sentAt - EARLY_SLACK_MS;
  const to = from + BURST_MS + GAP_MS;
  return onsets.find((t) => t >= from && t < to) ?? null;
}

export async function measureEchoFloor(opts: {
  lk: LiveKitServer;
  bursts: number;
  timeoutMs?: number;
}): Promise<EchoFloor> {
  const timeout = opts.timeoutMs ?? 20_000;
  const roomName = `echo-floor-${Date.now()}`;
  const sender = new TestParticipant();
  const echo = new TestParticipant();
  const senderHears = firstAudioTrack(sender.room);
  const echoHears = firstAudioTrack(echo.room);
  let forward: AudioStream | null = null;
  let echoSource: AudioSource | null = null;
  let senderSource: AudioSource | null = null;
  // the echo source's queue when the first tone frame of each burst is republished
  const echoQueue: Array<{ at: number; queued: number }> = [];
  try {
    await echo.join(opts.lk.url, await token(opts.lk, 'echo', roomName), { publish: false });
    echoSource = await publish(echo.room, 'echo');
    await sender.join(opts.lk.url, await token(opts.lk, 'sender', roomName), { publish: false });
    senderSource = await publish(sender.room, 'microphone');
    const src = senderSource;
    const out = echoSource;
    const subscribed = Promise.all([echoHears, senderHears]);
    // the echo subscribes first (the sender's track); then its republished track reaches the sender
    const track = await withTimeout(echoHears, timeout, 'echo floor: the sender track not subscribed');
    forward = new AudioStream(track, { sampleRate: SAMPLE_RATE, numChannels: 1, frameSizeMs: 10 });
    const stream = forward;
    void (async () => {
      let loud = false;
      try {
        for await (const f of stream) {
          const level = rms(f.data);
          if (level < FORWARD_RMS) {
            loud = false;
            continue;
          }
          await out.captureFrame(f);
          if (!loud) echoQueue.push({ at: Date.now(), queued: out.queuedDuration });
          loud = true;
        }
      } catch {
        // stream or source closed
      }
    })();
    await withTimeout(subscribed, timeout, 'echo floor: tracks not subscribed');

    const tone = toneFrames();
    const silence = new Int16Array(FRAME_SAMPLES);
    const pushSilence = async (ms: number) => {
      for (let i = 0; i < ms / 10; i++) await src.captureFrame(frame(silence));
    };
    const sentAt: number[] = [];
    await pushSilence(500);
    for (let b = 0; b < WARMUP_BURSTS + opts.bursts; b++) {
      for (let i = 0; i < tone.length; i++) {
        await src.captureFrame(frame(tone[i]!));
        if (i === 0) sentAt.push(Date.now() + src.queuedDuration);
      }
      await pushSilence(GAP_MS);
    }
    const last = sentAt[sentAt.length - 1]!;
    await sender
      .waitFor('the echo of the last burst', () => onsetFor(sender.soundOnsets, last) !== null, timeout)
      .catch(() => undefined);

    const samples: EchoBurst[] = sentAt.slice(WARMUP_BURSTS).map((at, i) => {
      const there = onsetFor(echo.soundOnsets, at);
      const back = onsetFor(sender.soundOnsets, at);
      const q = there === null ? undefined : echoQueue.find((e) => e.at >= there - 5);
      return {
        burst: i + 1,
        sent_at: at,
        one_way_ms: there === null ? null : there - at,
        round_trip_ms: back === null ? null : back - at,
        echo_queue_ms: q === undefined ? null : round(q.queued, 1),
      };
    });
    const values = (k: 'one_way_ms' | 'round_trip_ms' | 'echo_queue_ms') =>
      samples.map((s) => s[k]).filter((v): v is number => v !== null);
    return {
      method:
        `tone bursts ${BURST_MS} ms / ${GAP_MS} ms silence, ${WARMUP_BURSTS} warm-up bursts dropped; ` +
        `sources buffer ${SOURCE_QUEUE_MS} ms; start = end of the first tone frame leaving the sender's source; ` +
        `arrival = first 10 ms frame over the participant's sound threshold after ≥ 300 ms of silence`,
      bursts: samples.length,
      one_way_ms: summary(values('one_way_ms')),
      round_trip_ms: summary(values('round_trip_ms')),
      back_ms: summary(
        samples
          .filter((s) => s.one_way_ms !== null && s.round_trip_ms !== null)
          .map((s) => s.round_trip_ms! - s.one_way_ms!),
      ),
      echo_queue_ms: summary(values('echo_queue_ms')),
      missed_one_way: samples.filter((s) => s.one_way_ms === null).length,
      missed_round_trip: samples.filter((s) => s.round_trip_ms === null).length,
      samples,
    };
  } finally {
    await forward?.cancel().catch(() => undefined);
    await echoSource?.close().catch(() => undefined);
    await senderSource?.close().catch(() => undefined);
    await sender.leave().catch(() => undefined);
    await echo.leave().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}
