import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreClient } from '../../../src/store-client/client.js';
import { MetricsReporter } from '../../../src/worker/metrics.js';
import type { RecordedAudio } from '../../../src/worker/job/recording.js';
import { closeStoreSession } from '../../../src/worker/job/teardown.js';
import { AGENT_SECRET, createRun, publishedBlueprint } from '../../store/helpers.js';
import { createHttpTestStore } from '../../store/http-store.js';

/**
 * A session that ends before the interview (the participant dropped) still uploads its recording, so a
 * resumed run lists each session with its own audio. Driven against the real store over HTTP, through
 * the worker's own store client; the recorder is a stand-in that hands over a PCM file it wrote.
 */
describe('closing a session uploads its recording, whether or not the interview ended', () => {
  let s: Awaited<ReturnType<typeof createHttpTestStore>>;
  let dir: string;
  const log = pino({ level: 'silent' });
  const metrics = new MetricsReporter(null); // no metrics endpoint: reports go nowhere
  beforeAll(async () => {
    s = await createHttpTestStore();
    dir = mkdtempSync(join(tmpdir(), 'parley-teardown-'));
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One second of 16 kHz stereo 16-bit silence, recorded from `t0Ms`. */
  function recorderFrom(name: string, t0Ms: number) {
    const pcmBytes = 16_000 * 4;
    const path = join(dir, `${name}.pcm`);
    writeFileSync(path, Buffer.alloc(pcmBytes));
    const audio: RecordedAudio = { path, t0Ms, sampleRate: 16_000, channels: 2, pcmBytes };
    return { stop: async () => audio };
  }

  async function droppedSession(runId: string, name: string) {
    const client = StoreClient.open({
      baseUrl: s.base,
      agentSecret: AGENT_SECRET,
      runId,
      workDir: join(dir, name),
    });
    const started = await client.startSession({ body: { participant_identity: name } });
    // the recorder started with the session, on the store's timeline
    const wanted = await client.recordingWanted({ timeoutMs: 5_000 });
    const startMs = Date.parse(wanted.timeline_started_at!);
    await closeStoreSession({
      client,
      interview: null, // the session ended before the interview
      reason: null,
      runId,
      recorder: recorderFrom(name, startMs),
      log,
      metrics,
    });
    return started.sessionId;
  }

  it('each dropped session of a resumed run has its own recording', async () => {
    const bp = await publishedBlueprint(s);
    const run = (await createRun(s, bp, { channel_settings: { recording: true } })).body;
    const first = await droppedSession(run.id, 'first');
    s.clock.advance(60_000);
    const second = await droppedSession(run.id, 'second');

    const res = await s.json('GET', `/v1/interview-runs/${run.id}/sessions`);
    expect(res.status).toBe(200);
    const sessions = res.body.data as { id: string; recording: { bytes: number } | null }[];
    expect(sessions.map((x) => x.id)).toEqual([first, second]);
    for (const session of sessions) expect(session.recording?.bytes).toBe(44 + 16_000 * 4);
  });

  it('a job that found the run already ended uploads nothing', async () => {
    const bp = await publishedBlueprint(s);
    const run = (await createRun(s, bp, { channel_settings: { recording: true } })).body;
    const client = StoreClient.open({
      baseUrl: s.base,
      agentSecret: AGENT_SECRET,
      runId: run.id,
      workDir: join(dir, 'ended'),
    });
    await client.startSession({ body: { participant_identity: 'late' } });
    await closeStoreSession({
      client,
      interview: null,
      reason: 'already_ended',
      runId: run.id,
      recorder: recorderFrom('late', Date.now()),
      log,
      metrics,
    });
    const res = await s.json('GET', `/v1/interview-runs/${run.id}/sessions`);
    expect(res.body.data.map((x: { recording: unknown }) => x.recording)).toEqual([null]);
  });
});
