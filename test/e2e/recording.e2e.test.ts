import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseWavHeader } from '../../src/store/media/wav.js';
import { conversation } from './harness/conversation.js';
import { TestParticipant } from './harness/participant.js';
import { createRun, eventually, startStack, type Stack } from './harness/stack.js';

/**
 * A recorded interview over the real voice stack (livekit-server, store, worker; provider fakes; an
 * rtc-node participant speaking espeak-ng audio): the recording is a stereo WAV reachable through the
 * signed link, as long as the run, with the participant's voice on the left where the participant's
 * transcript entries say they spoke, and the agent's on the right where the agent's entries say it spoke.
 */
/** A person can listen to the recording here after a run (not committed). */
const ARTIFACT_DIR = join(process.cwd(), 'test-artifacts/e2e/recording');
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ name: 'recording' });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

const { answer, hear } = conversation(() => stack);

/** Mean absolute amplitude of one channel of interleaved 16-bit stereo over `[fromMs, toMs)`. */
function level(pcm: Int16Array, rate: number, channel: 0 | 1, fromMs: number, toMs: number): number {
  const a = Math.max(0, Math.floor((fromMs * rate) / 1000));
  const b = Math.min(pcm.length / 2, Math.floor((toMs * rate) / 1000));
  if (b <= a) return 0;
  let sum = 0;
  for (let i = a; i < b; i++) sum += Math.abs(pcm[i * 2 + channel]!);
  return sum / (b - a);
}

/** Share of 100 ms windows in `[fromMs, toMs)` whose level on `channel` is above `threshold`. */
function voiced(
  pcm: Int16Array,
  rate: number,
  channel: 0 | 1,
  fromMs: number,
  toMs: number,
  threshold: number,
) {
  let on = 0;
  let n = 0;
  for (let t = fromMs; t + 100 <= toMs; t += 100, n++)
    if (level(pcm, rate, channel, t, t + 100) > threshold) on++;
  return n === 0 ? 0 : on / n;
}

describe('recordings of voice interviews', () => {
  test('a recorded run: signed WAV link, stereo, as long as the run, each side where its turns are', async () => {
    const run = await createRun(stack, { channel_settings: { recording: true } });
    expect(run.channel_settings).toEqual({ recording: true });
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    try {
      await hear(p, /recorded and transcribed/i);
      await answer(p, 'Yes, that is fine with me.');
      await hear(p, /role at work/i);
      await answer(p, 'I am a nurse at a hospital in Leeds, I run the night shift.');
      await hear(p, /which tool/i);
      await answer(p, 'I use the scheduling app the most because it saves me an hour every day.');
      await hear(p, /thank you/i);
    } finally {
      await p.leave();
    }
    const done = await eventually(
      'run completed',
      async () => {
        const r = await stack.api('GET', `/v1/interview-runs/${run.id}`);
        return r.body.status === 'completed' ? r.body : null;
      },
      60_000,
    );
    const audioApi = `${stack.storeUrl}/v1/interview-runs/${run.id}/audio`;
    expect(done.audio_url).toBe(audioApi);

    const link = await stack.api('GET', `/v1/interview-runs/${run.id}/audio`);
    expect(link.status).toBe(200);
    expect(Date.parse(link.body.expires_at) - Date.now()).toBeGreaterThan(3500_000);
    expect(link.body).toMatchObject({
      content_type: 'audio/wav',
      offset_ms: 0,
      channels: { left: 'participant', right: 'agent' },
    });
    expect(link.body.timeline_started_at).toBe(done.started_at);

    // the link needs no API key
    const res = await fetch(link.body.url);
    expect(res.status).toBe(200);
    const wav = Buffer.from(await res.arrayBuffer());
    const info = parseWavHeader(wav)!;
    expect(info).toMatchObject({ channels: 2, bitsPerSample: 16, sampleRate: 16000 });
    const pcm = new Int16Array(
      wav.buffer.slice(wav.byteOffset + info.dataOffset, wav.byteOffset + wav.length),
    );
    const durationMs = (pcm.length / 2 / info.sampleRate) * 1000;
    expect(Math.abs(durationMs - link.body.duration_ms)).toBeLessThan(2);

    const transcript = await stack.api('GET', `/v1/interview-runs/${run.id}/transcript`);
    const entries: any[] = transcript.body.entries;
    const lastEnd = Math.max(...entries.map((e) => e.offset_ms + e.duration_ms));
    const runMs = Date.parse(done.ended_at) - Date.parse(done.started_at);
    // the recording covers the whole conversation and ends soon after it (the outro plays out, then upload)
    expect(durationMs).toBeGreaterThanOrEqual(lastEnd - 200);
    expect(durationMs).toBeGreaterThanOrEqual(runMs - 200);
    expect(durationMs).toBeLessThan(Math.max(lastEnd, runMs) + 15_000);

    const rate = info.sampleRate;
    const participant = entries.filter((e) => e.role === 'participant');
    expect(participant).toHaveLength(3);
    // an agent entry spans the time its speech played (the framework's speech metrics), not when its text was ready
    const agent = entries.filter((e) => e.role === 'agent');
    expect(agent.length).toBeGreaterThanOrEqual(4);
    const report = entries.map((e) => ({
      role: e.role,
      from: e.offset_ms,
      ms: e.duration_ms,
      left: Math.round(level(pcm, rate, 0, e.offset_ms, e.offset_ms + e.duration_ms)),
      right: Math.round(level(pcm, rate, 1, e.offset_ms, e.offset_ms + e.duration_ms)),
    }));
    mkdirSync(ARTIFACT_DIR, { recursive: true });
    writeFileSync(join(ARTIFACT_DIR, 'recording.wav'), wav);
    writeFileSync(join(ARTIFACT_DIR, 'levels.json'), JSON.stringify({ report }, null, 2));

    const THRESHOLD = 300; // mean |sample| of a 100 ms window with speech in it (silence is exactly 0)
    for (const e of participant) {
      const span = [e.offset_ms, e.offset_ms + e.duration_ms] as const;
      expect(voiced(pcm, rate, 0, ...span, THRESHOLD), `participant voice at ${span}`).toBeGreaterThan(0.6);
      expect(voiced(pcm, rate, 1, ...span, THRESHOLD), `agent silent at ${span}`).toBeLessThan(0.1);
    }
    for (const e of agent) {
      const span = [e.offset_ms, e.offset_ms + e.duration_ms] as const;
      expect(e.duration_ms, `agent entry at ${e.offset_ms} lasts as long as its speech`).toBeGreaterThan(500);
      expect(voiced(pcm, rate, 1, ...span, THRESHOLD), `agent voice at ${span}`).toBeGreaterThan(0.6);
      expect(voiced(pcm, rate, 0, ...span, THRESHOLD), `participant silent at ${span}`).toBeLessThan(0.1);
    }
    // the entries do not overlap: each side speaks in turn, and the entries say so
    for (let i = 1; i < entries.length; i++)
      expect(entries[i].offset_ms, `entry ${i} starts after entry ${i - 1} ends`).toBeGreaterThanOrEqual(
        entries[i - 1].offset_ms + entries[i - 1].duration_ms - 100,
      );
    // nothing before the first entry: the timeline starts at the run's start
    expect(voiced(pcm, rate, 0, 0, entries[0].offset_ms, THRESHOLD)).toBe(0);

    // the completion webhook points at the same audio
    await stack.hooks.waitForRequests(1, 30_000);
    const bodies = stack.hooks.requests.map((r) => JSON.parse(r.body));
    const completed = bodies.find(
      (b) => JSON.stringify(b).includes(run.id) && JSON.stringify(b).includes('audio'),
    );
    expect(JSON.stringify(completed)).toContain(audioApi);
  }, 300_000);
});
