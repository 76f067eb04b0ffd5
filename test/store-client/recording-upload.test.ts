import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreClient } from '../../src/store-client/client.js';
import { AGENT, startMediaStore, TONE_WAV, type MediaTestStore } from '../store/media/setup.js';
import { startFlakyProxy, type FlakyProxy } from './helpers.js';

describe('StoreClient recording upload (real store behind a flaky proxy)', () => {
  let s: MediaTestStore;
  let proxy: FlakyProxy;
  let dir: string;

  beforeAll(async () => {
    s = await startMediaStore({});
    proxy = await startFlakyProxy(s.store.url);
    dir = mkdtempSync(join(tmpdir(), 'parley-upload-'));
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = (runId: string) =>
    StoreClient.open({
      baseUrl: proxy.url,
      agentSecret: AGENT,
      runId,
      workDir: join(dir, runId),
      backoff: { baseMs: 20, maxMs: 100, jitter: 0 },
    });

  it('asks whether the run wants a recording, then uploads it, retrying while the store is down', async () => {
    const run = await s.startedRun(true);
    const client = open(run.id);
    try {
      const wanted = await client.recordingWanted();
      expect(wanted).toMatchObject({ recording: true, timeline_started_at: run.sessionStartedAt });
      proxy.mode = 'down';
      let opened = 0;
      const upload = client.uploadRecording({
        contentType: 'audio/wav',
        bytes: TONE_WAV.length,
        open: () => {
          opened += 1;
          return Readable.from([TONE_WAV]);
        },
        timelineStartedAt: run.sessionStartedAt,
      });
      await proxy.failures(2);
      proxy.mode = 'up';
      const saved = (await upload) as { bytes: number; duration_ms: number };
      expect(saved).toMatchObject({ bytes: TONE_WAV.length, duration_ms: 500 });
      expect(opened).toBeGreaterThanOrEqual(3);
      const link = await s.api('GET', `/v1/interview-runs/${run.id}/audio`);
      expect(Buffer.from(await (await fetch(link.body.url)).arrayBuffer()).equals(TONE_WAV)).toBe(true);
    } finally {
      client.close();
    }
  });

  it('does not retry a refusal: a run without recording answers RECORDING_NOT_REQUESTED', async () => {
    const run = await s.startedRun(false);
    const client = open(run.id);
    try {
      expect((await client.recordingWanted()).recording).toBe(false);
      const before = proxy.seen.length;
      await expect(
        client.uploadRecording({
          contentType: 'audio/wav',
          bytes: TONE_WAV.length,
          open: () => Readable.from([TONE_WAV]),
          timelineStartedAt: run.sessionStartedAt,
        }),
      ).rejects.toMatchObject({ code: 'RECORDING_NOT_REQUESTED' });
      expect(proxy.seen.length - before).toBe(1);
    } finally {
      client.close();
    }
  });
});
