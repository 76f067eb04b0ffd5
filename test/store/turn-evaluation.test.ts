import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createRun, createTestStore, publishedBlueprint, turn, type TestStore } from './helpers.js';

// Seed 001: what the worker says of a turn (its evaluation, whether a question is still pending, its
// audio) comes back with the turn from the history the worker resumes from and from the public transcript.
for (const backend of backends()) {
  describe(`per-turn evaluation (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
      bp = await publishedBlueprint(s);
    }, 60_000);
    afterAll(() => s?.close());

    it('returns evaluation, is_pending_question and audio_url from history and the transcript', async () => {
      const run = (await createRun(s, bp)).body;
      const a = { agent: true };
      expect(
        (
          await s.json('POST', `/internal/runs/${run.id}/sessions`, {
            ...a,
            body: { participant_identity: 'p' },
          })
        ).status,
      ).toBe(201);
      const asked = turn(1, 'agent', 'What do you like about it?', {
        is_pending_question: true,
        audio_url: 'https://media.example/turn-1.wav',
      });
      const answer = turn(2, 'participant', 'Mostly the speed, honestly.', {
        evaluation: { objective_met: true, kind: 'answer', fields: { reason: 'speed' } },
      });
      for (const body of [asked, answer])
        expect((await s.json('POST', `/internal/runs/${run.id}/turns`, { ...a, body })).status).toBe(201);
      // the question is answered: the worker clears the flag and the evaluation is revised
      const patched = await s.json('PATCH', `/internal/runs/${run.id}/turns/1`, {
        ...a,
        body: { is_pending_question: false },
      });
      expect(patched.status).toBe(200);
      await s.json('PATCH', `/internal/runs/${run.id}/turns/2`, {
        ...a,
        body: { evaluation: { objective_met: true, kind: 'answer', fields: { reason: 'speed and price' } } },
      });

      const history = await s.json('GET', `/internal/runs/${run.id}/history`, a);
      expect(history.status).toBe(200);
      const transcript = await s.json('GET', `/v1/interview-runs/${run.id}/transcript`);
      expect(transcript.status).toBe(200);
      for (const entries of [history.body.data, transcript.body.entries]) {
        expect(entries).toHaveLength(2);
        expect(entries[0]).toMatchObject({
          turn_number: 1,
          is_pending_question: false,
          evaluation: null,
          audio_url: 'https://media.example/turn-1.wav',
        });
        expect(entries[1]).toMatchObject({
          turn_number: 2,
          is_pending_question: false,
          evaluation: { objective_met: true, kind: 'answer', fields: { reason: 'speed and price' } },
          audio_url: null,
        });
      }
    });
  });
}
