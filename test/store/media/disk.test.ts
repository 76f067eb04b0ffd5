import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWavHeader } from '../../../src/store/media/wav.js';
import { AGENT, startMediaStore, TONE_WAV, uploadRecording, type MediaTestStore } from './setup.js';

/** A PUT that reads the answer even when the store refuses before the whole body is sent. */
function rawPut(url: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PUT',
      headers: { 'x-agent-secret': AGENT, 'content-type': 'audio/wav', 'content-length': body.length },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    // the store may close the connection while the body is still being sent: its answer is what counts
    req.on('error', (err) => setImmediate(() => (answered ? undefined : reject(err))));
    req.end(body);
  });
}

describe('recordings on disk (real HTTP)', () => {
  let dir: string;
  let s: MediaTestStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-media-disk-'));
    s = await startMediaStore({ PARLEY_MEDIA_DIR: dir, PARLEY_RECORDING_MAX_MB: '1' });
  }, 60_000);

  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores an upload, links it for one hour, serves it whole and by range', async () => {
    const run = await s.startedRun(true);
    const wanted = await s.agent('GET', `/internal/runs/${run.id}/recording`);
    expect(wanted.body).toMatchObject({ recording: true, timeline_started_at: run.sessionStartedAt });

    const up = await uploadRecording(s, run.id, run.sessionStartedAt);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      content_type: 'audio/wav',
      bytes: TONE_WAV.length,
      duration_ms: 500,
      sample_rate: 16000,
      channels: { left: 'participant', right: 'agent' },
      offset_ms: 0,
    });
    expect(readdirSync(join(dir, 'recordings'))).toEqual([`${run.id}.wav`]);

    const got = await s.api('GET', `/v1/interview-runs/${run.id}`);
    expect(got.body.audio_url).toBe(`${s.store.url}/v1/interview-runs/${run.id}/audio`);
    expect(got.body.channel_settings).toEqual({ recording: true });

    const link = await s.api('GET', `/v1/interview-runs/${run.id}/audio`);
    expect(link.status).toBe(200);
    expect(Date.parse(link.body.expires_at) - s.clock.now()).toBeGreaterThan(3599_000);
    expect(Date.parse(link.body.expires_at) - s.clock.now()).toBeLessThanOrEqual(3600_000);
    expect(link.body.url.startsWith(`${s.store.url}/media/recordings/${run.id}.wav?`)).toBe(true);

    const whole = await fetch(link.body.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.equals(TONE_WAV)).toBe(true);
    expect(parseWavHeader(bytes)).toMatchObject({ channels: 2, sampleRate: 16000, bitsPerSample: 16 });

    const part = await fetch(link.body.url, { headers: { range: 'bytes=44-143' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 44-143/${TONE_WAV.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(TONE_WAV.subarray(44, 144))).toBe(true);

    const tail = await fetch(link.body.url, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(TONE_WAV.subarray(-10))).toBe(true);

    const outside = await fetch(link.body.url, { headers: { range: `bytes=${TONE_WAV.length}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${TONE_WAV.length}`);
    expect(((await outside.json()) as any).error.code).toBe('RANGE_NOT_SATISFIABLE');
  });

  it("answers HEAD without a body, and places a later session's recording by offset_ms", async () => {
    const run = await s.startedRun(true);
    s.clock.advance(90_000);
    const second = await s.agent('POST', `/internal/runs/${run.id}/sessions`, {
      body: '{}',
      contentType: 'application/json',
    });
    const wanted = await s.agent('GET', `/internal/runs/${run.id}/recording`);
    expect(wanted.body.session_id).toBe(second.body.session_id);
    expect(Date.parse(wanted.body.timeline_started_at) - Date.parse(run.sessionStartedAt)).toBe(90_000);
    const up = await uploadRecording(s, run.id, wanted.body.timeline_started_at);
    expect(up.body.offset_ms).toBe(90_000);
    const link = await s.api('GET', `/v1/interview-runs/${run.id}/audio`);
    expect(link.body).toMatchObject({
      offset_ms: 90_000,
      timeline_started_at: wanted.body.timeline_started_at,
    });
    const head = await fetch(link.body.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(TONE_WAV.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('deleting a run deletes its recording: the file, the signed link, the audio endpoint', async () => {
    const run = await s.startedRun(true);
    expect((await uploadRecording(s, run.id, run.sessionStartedAt)).status).toBe(201);
    const link = (await s.api('GET', `/v1/interview-runs/${run.id}/audio`)).body.url as string;
    expect((await fetch(link)).status).toBe(200);
    // an active run cannot be deleted: the recording stays
    expect((await s.api('DELETE', `/v1/interview-runs/${run.id}`)).status).toBe(409);
    expect(readdirSync(join(dir, 'recordings'))).toContain(`${run.id}.wav`);

    expect((await s.api('POST', `/v1/interview-runs/${run.id}/cancel`)).status).toBe(200);
    const deleted = await s.api('DELETE', `/v1/interview-runs/${run.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.audio_url).toBeNull();
    expect(readdirSync(join(dir, 'recordings'))).not.toContain(`${run.id}.wav`);
    expect((await fetch(link)).status).toBe(404);
    expect((await s.api('GET', `/v1/interview-runs/${run.id}/audio`)).status).toBe(404);
  });

  it('refuses a tampered link and an expired one with clear codes', async () => {
    const run = await s.startedRun(true);
    expect((await uploadRecording(s, run.id, run.sessionStartedAt)).status).toBe(201);
    const link = (await s.api('GET', `/v1/interview-runs/${run.id}/audio`)).body.url as string;

    const u = new URL(link);
    const sig = u.searchParams.get('sig')!;
    u.searchParams.set('sig', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    const tampered = await fetch(u);
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as any).error.code).toBe('SIGNED_URL_INVALID');

    const other = new URL(link);
    other.searchParams.set('expires', String(Number(other.searchParams.get('expires')) + 3600));
    expect(((await (await fetch(other)).json()) as any).error.code).toBe('SIGNED_URL_INVALID');

    const unsigned = await fetch(link.split('?')[0]!);
    expect(((await unsigned.json()) as any).error.code).toBe('SIGNED_URL_INVALID');

    s.clock.advance(3600_000);
    const expired = await fetch(link);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as any).error.code).toBe('SIGNED_URL_EXPIRED');
    // a fresh link works again
    const fresh = (await s.api('GET', `/v1/interview-runs/${run.id}/audio`)).body.url as string;
    expect((await fetch(fresh)).status).toBe(200);
  });

  it('answers RECORDING_NOT_FOUND / RECORDING_NOT_REQUESTED for runs without a recording', async () => {
    const run = await s.startedRun(false);
    expect((await s.agent('GET', `/internal/runs/${run.id}/recording`)).body.recording).toBe(false);
    const none = await s.api('GET', `/v1/interview-runs/${run.id}/audio`);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('RECORDING_NOT_FOUND');
    const refused = await uploadRecording(s, run.id, run.sessionStartedAt);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RECORDING_NOT_REQUESTED');

    const pending = await s.startedRun(true);
    const notYet = await s.api('GET', `/v1/interview-runs/${pending.id}/audio`);
    expect(notYet.status).toBe(404);
    expect(notYet.body.error.code).toBe('RECORDING_NOT_FOUND');
  });

  it('refuses oversized, non-audio and non-WAV uploads and keeps nothing of them', async () => {
    const run = await s.startedRun(true);
    const big = Buffer.concat([TONE_WAV, Buffer.alloc(1024 * 1024)]);
    const tooBig = await rawPut(
      `${s.store.url}/internal/runs/${run.id}/recording?timeline_started_at=${encodeURIComponent(run.sessionStartedAt)}`,
      big,
    );
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    const json = await uploadRecording(s, run.id, run.sessionStartedAt, '{}', 'application/json');
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const notWav = await uploadRecording(s, run.id, run.sessionStartedAt, Buffer.alloc(200, 7));
    expect(notWav.body.error.code).toBe('VALIDATION_FAILED');
    expect(readdirSync(join(dir, 'recordings')).filter((f) => f.startsWith(run.id))).toEqual([]);
    expect((await s.api('GET', `/v1/interview-runs/${run.id}/audio`)).body.error.code).toBe(
      'RECORDING_NOT_FOUND',
    );
  });

  it('a bad re-upload leaves the earlier recording as it was', async () => {
    const run = await s.startedRun(true);
    expect((await uploadRecording(s, run.id, run.sessionStartedAt)).status).toBe(201);
    const before = (await s.api('GET', `/v1/interview-runs/${run.id}/audio`)).body;
    const notWav = await uploadRecording(s, run.id, run.sessionStartedAt, Buffer.alloc(4096, 7));
    expect(notWav.status).toBe(400);
    expect(notWav.body.error.code).toBe('VALIDATION_FAILED');
    const after = await s.api('GET', `/v1/interview-runs/${run.id}/audio`);
    expect(after.status).toBe(200);
    expect(after.body.bytes).toBe(before.bytes);
    const audio = Buffer.from(await (await fetch(after.body.url)).arrayBuffer());
    expect(audio.equals(TONE_WAV)).toBe(true);
  });

  it('the JSON body limit still applies to every other route', async () => {
    const run = await s.startedRun(true);
    const res = await s.agent('POST', `/internal/runs/${run.id}/events`, {
      body: JSON.stringify({ type: 'agent_state', state: 'x'.repeat(2 * 1024 * 1024) }),
      contentType: 'application/json',
    });
    expect(res.status).toBe(413);
  });
});
