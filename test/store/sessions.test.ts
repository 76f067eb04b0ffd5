import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wavHeader } from '../../src/worker/job/recording-wav.js';
import {
  AGENT_SECRET,
  backends,
  createRun,
  publishedBlueprint,
  ROOT,
  turn,
  type TestStore,
} from './helpers.js';
import { createHttpTestStore } from './http-store.js';

/**
 * Per-session media over real HTTP, on PGlite and PostgreSQL: a run resumed once has two sessions; each
 * upload tagged with its session keeps its own recording, and GET /v1/interview-runs/:id/sessions lists
 * both with their transcript ranges and their own signed audio links (fetched through /media/…).
 */
const TONE = readFileSync(join(ROOT, 'test/store/media/fixtures/stereo-tone.wav'));
/** A second, shorter real WAV: the first half of the tone's samples under a header of its own. */
const HALF = (() => {
  const pcm = TONE.subarray(44, 44 + Math.floor((TONE.length - 44) / 8) * 4);
  return Buffer.concat([
    wavHeader({ sampleRate: TONE.readUInt32LE(24), channels: 2, dataBytes: pcm.length }),
    pcm,
  ]);
})();

for (const backend of backends()) {
  describe(`per-session media (${backend.name})`, () => {
    let s: TestStore & { base: string };
    let bp: string;
    const a = { agent: true } as const;

    beforeAll(async () => {
      s = await createHttpTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
    }, 60_000);
    afterAll(() => s?.close());

    const upload = (runId: string, sessionId: string, startedAt: string, body: Buffer) =>
      fetch(
        `${s.base}/internal/runs/${runId}/recording?timeline_started_at=${encodeURIComponent(startedAt)}&session_id=${sessionId}`,
        { method: 'PUT', headers: { 'x-agent-secret': AGENT_SECRET, 'content-type': 'audio/wav' }, body },
      );

    /** A recorded run: session 1 (turns 1–2), a resume a minute later (turns 3–4), each uploaded, finalized. */
    async function resumedRun(recording: boolean) {
      const run = (await createRun(s, bp, { channel_settings: { recording } })).body;
      const first = await s.json('POST', `/internal/runs/${run.id}/sessions`, {
        ...a,
        body: { participant_identity: 'participant-1' },
      });
      for (const t of [turn(1, 'agent', 'What do you like most?'), turn(2, 'participant', 'The live view.')])
        expect((await s.json('POST', `/internal/runs/${run.id}/turns`, { ...a, body: t })).status).toBe(201);
      const firstStart = first.body.run.started_at as string;
      if (recording) expect((await upload(run.id, first.body.session_id, firstStart, TONE)).status).toBe(201);
      s.clock.advance(60_000);
      const second = await s.json('POST', `/internal/runs/${run.id}/sessions`, {
        ...a,
        body: { participant_identity: 'participant-1b' },
      });
      const secondStart = new Date(s.clock.now()).toISOString();
      for (const t of [turn(3, 'agent', 'What frustrates you?'), turn(4, 'participant', 'Slow exports.')])
        expect((await s.json('POST', `/internal/runs/${run.id}/turns`, { ...a, body: t })).status).toBe(201);
      if (recording)
        expect((await upload(run.id, second.body.session_id, secondStart, HALF)).status).toBe(201);
      s.clock.advance(30_000);
      await s.json('POST', `/internal/runs/${run.id}/finalize`, { ...a, body: { reason: 'completed' } });
      await s.deps.tasks.idle();
      return {
        id: run.id as string,
        sessions: [first.body.session_id as string, second.body.session_id as string],
        starts: [firstStart, secondStart],
        finalizedAt: new Date(s.clock.now()).toISOString(),
      };
    }

    it('lists each session with its transcript range and its own recording', async () => {
      const run = await resumedRun(true);
      const res = await s.json('GET', `/v1/interview-runs/${run.id}/sessions`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ object: 'list', has_more: false, next_cursor: null });
      const [one, two] = res.body.data;
      expect(res.body.data).toHaveLength(2);
      const transcript = (await s.json('GET', `/v1/interview-runs/${run.id}/transcript`)).body.entries as {
        id: string;
        turn_number: number;
      }[];
      const idOf = (n: number) => transcript.find((e) => e.turn_number === n)!.id;
      expect(one).toMatchObject({
        id: run.sessions[0],
        object: 'session',
        run_id: run.id,
        index: 1,
        channel: 'webrtc',
        participant_identity: 'participant-1',
        started_at: run.starts[0],
        // the resume ended the first connection
        ended_at: run.starts[1],
        transcript: {
          entry_count: 2,
          first_turn_number: 1,
          last_turn_number: 2,
          first_entry_id: idOf(1),
          last_entry_id: idOf(2),
        },
        recording: {
          content_type: 'audio/wav',
          bytes: TONE.length,
          offset_ms: 0,
          timeline_started_at: run.starts[0],
        },
      });
      expect(two).toMatchObject({
        id: run.sessions[1],
        index: 2,
        participant_identity: 'participant-1b',
        started_at: run.starts[1],
        ended_at: run.finalizedAt,
        transcript: {
          entry_count: 2,
          first_turn_number: 3,
          last_turn_number: 4,
          first_entry_id: idOf(3),
          last_entry_id: idOf(4),
        },
        recording: { bytes: HALF.length, offset_ms: 60_000 },
      });
      expect(two.recording.duration_ms).toBeLessThan(one.recording.duration_ms);

      // each link downloads that session's own bytes
      for (const [session, bytes] of [
        [one, TONE],
        [two, HALF],
      ] as const) {
        expect(session.recording.url.startsWith(s.base)).toBe(true);
        const got = await fetch(session.recording.url);
        expect(got.status).toBe(200);
        expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
      }
      // the run's audio stays the session in which the interview ended
      const audio = await s.json('GET', `/v1/interview-runs/${run.id}/audio`);
      expect(audio.body).toMatchObject({ session_id: run.sessions[1], bytes: HALF.length });
    });

    it('a run without recording lists its sessions with recording null', async () => {
      const run = await resumedRun(false);
      const res = await s.json('GET', `/v1/interview-runs/${run.id}/sessions`);
      expect(res.body.data.map((x: { recording: unknown }) => x.recording)).toEqual([null, null]);
      expect(
        res.body.data.map((x: { transcript: { entry_count: number } }) => x.transcript.entry_count),
      ).toEqual([2, 2]);
      // a run nobody joined has none
      const fresh = (await createRun(s, bp)).body;
      expect((await s.json('GET', `/v1/interview-runs/${fresh.id}/sessions`)).body.data).toEqual([]);
    });

    it("refuses an upload tagged with another run's session", async () => {
      const mine = (await createRun(s, bp, { channel_settings: { recording: true } })).body;
      const other = (await createRun(s, bp, { channel_settings: { recording: true } })).body;
      await s.json('POST', `/internal/runs/${mine.id}/sessions`, { ...a, body: {} });
      const theirs = await s.json('POST', `/internal/runs/${other.id}/sessions`, { ...a, body: {} });
      const bad = await upload(mine.id, theirs.body.session_id, new Date(s.clock.now()).toISOString(), TONE);
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details.issues[0]!.path).toBe('session_id');
    });

    it("is a 404 for another organisation's or mode's run and needs interviews:read", async () => {
      const run = (await createRun(s, bp)).body;
      for (const key of [s.keys.other, s.keys.test])
        expect((await s.json('GET', `/v1/interview-runs/${run.id}/sessions`, { key })).status).toBe(404);
      const made = await s.json('POST', '/v1/api-keys', {
        body: { name: 'builder', scopes: ['blueprints:write'] },
      });
      const denied = await s.json('GET', `/v1/interview-runs/${run.id}/sessions`, { key: made.body.key });
      expect(denied.status).toBe(403);
      expect(denied.body.error.details.required).toBe('interviews:read');
    });

    it("deleting the run deletes every session's recording", async () => {
      const run = await resumedRun(true);
      const links = (await s.json('GET', `/v1/interview-runs/${run.id}/sessions`)).body.data.map(
        (x: { recording: { url: string } }) => x.recording.url,
      ) as string[];
      for (const l of links) expect((await fetch(l)).status).toBe(200);
      expect((await s.json('DELETE', `/v1/interview-runs/${run.id}`)).status).toBe(200);
      for (const l of links) expect((await fetch(l)).status).toBe(404);
      for (const id of run.sessions)
        expect(await s.deps.media.head(`recordings/${run.id}/${id}.wav`)).toBeNull();
      expect((await s.json('GET', `/v1/interview-runs/${run.id}/sessions`)).status).toBe(404);
    });

    it('documents the endpoint in the OpenAPI', async () => {
      const doc = (await s.json('GET', '/v1/openapi.json', { key: null })).body;
      const op = doc.paths['/v1/interview-runs/{id}/sessions'].get;
      expect(op.responses['200']).toBeDefined();
      expect(doc.components.schemas.RunSession.properties.recording).toBeDefined();
      expect(doc.components.schemas.SessionTranscriptRange.properties.first_turn_number).toBeDefined();
    });
  });
}
