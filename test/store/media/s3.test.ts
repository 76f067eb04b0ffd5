import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeS3, type FakeS3Server } from '../../fakes/s3-server.js';
import { startMediaStore, TONE_WAV, uploadRecording, type MediaTestStore } from './setup.js';

describe('recordings in an S3-compatible bucket (fake S3 on 127.0.0.1, SigV4 checked)', () => {
  let s3: FakeS3Server;
  let s: MediaTestStore;

  beforeAll(async () => {
    s3 = await startFakeS3();
    s = await startMediaStore({
      PARLEY_S3_BUCKET: s3.bucket,
      PARLEY_S3_ENDPOINT: s3.url,
      PARLEY_S3_REGION: s3.region,
      PARLEY_S3_ACCESS_KEY_ID: s3.accessKeyId,
      PARLEY_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      PARLEY_S3_FORCE_PATH_STYLE: '1',
      PARLEY_S3_PREFIX: 'tenant-a/',
    });
  }, 60_000);

  afterAll(async () => {
    await s?.close();
    await s3?.close();
  });

  it('puts the upload in the bucket and hands out a presigned GetObject link valid for one hour', async () => {
    const run = await s.startedRun(true);
    const up = await uploadRecording(s, run.id, run.sessionStartedAt);
    expect(up.status).toBe(201);
    const stored = s3.objects.get(`tenant-a/recordings/${run.id}.wav`);
    expect(stored?.body.equals(TONE_WAV)).toBe(true);
    expect(stored?.contentType).toBe('audio/wav');
    expect(s3.log.filter((l) => l.method === 'PUT')).toEqual([
      { method: 'PUT', path: `/${s3.bucket}/tenant-a/recordings/${run.id}.wav`, auth: 'header' },
    ]);

    const link = await s.api('GET', `/v1/interview-runs/${run.id}/audio`);
    expect(link.status).toBe(200);
    const url = new URL(link.body.url);
    expect(url.origin).toBe(s3.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(Date.parse(link.body.expires_at)).toBe(Math.floor(s.clock.now() / 1000) * 1000 + 3600_000);

    s3.now = () => s.clock.now();
    const whole = await fetch(link.body.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await whole.arrayBuffer()).equals(TONE_WAV)).toBe(true);
    const part = await fetch(link.body.url, { headers: { range: 'bytes=0-43' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(TONE_WAV.subarray(0, 44))).toBe(true);

    // one hour later the bucket refuses the link; a tampered link is refused at once
    s3.now = () => s.clock.now() + 3600_000;
    const expired = await fetch(link.body.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    s3.now = () => s.clock.now();
    const tampered = new URL(link.body.url);
    tampered.searchParams.set('X-Amz-Expires', '86400');
    expect(await (await fetch(tampered)).text()).toContain('SignatureDoesNotMatch');
  });

  it('deleting a run deletes its object from the bucket', async () => {
    const run = await s.startedRun(true);
    expect((await uploadRecording(s, run.id, run.sessionStartedAt)).status).toBe(201);
    const key = `tenant-a/recordings/${run.id}.wav`;
    expect(s3.objects.has(key)).toBe(true);
    expect((await s.api('POST', `/v1/interview-runs/${run.id}/cancel`)).status).toBe(200);
    const deleted = await s.api('DELETE', `/v1/interview-runs/${run.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.audio_url).toBeNull();
    expect(s3.objects.has(key)).toBe(false);
    expect(s3.log.filter((l) => l.method === 'DELETE')).toEqual([
      { method: 'DELETE', path: `/${s3.bucket}/${key}`, auth: 'header' },
    ]);
    expect((await s.api('GET', `/v1/interview-runs/${run.id}/audio`)).status).toBe(404);
  });

  it('a run without a recording has no object and answers RECORDING_NOT_FOUND', async () => {
    const run = await s.startedRun(true);
    const none = await s.api('GET', `/v1/interview-runs/${run.id}/audio`);
    expect(none.body.error.code).toBe('RECORDING_NOT_FOUND');
    expect(await s.store.deps.media.head(`recordings/${run.id}.wav`)).toBeNull();
  });
});
