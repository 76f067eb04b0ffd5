import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestParticipant } from './harness/participant.js';
import { createRun, eventually, startStack, watchLive, type Stack } from './harness/stack.js';

/**
 * End to end, real processes: livekit-server, parley store, parley worker; fakes for Deepgram and
 * OpenAI; an rtc-node participant speaking espeak-ng audio. Scenarios run one after another on one stack.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ name: 'voice' });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

/** Say `text` as the participant: the fake STT will transcribe the segment as `text`. */
async function answer(p: TestParticipant, text: string): Promise<void> {
  stack.dg.script(text);
  await p.say(text);
}

/** Wait for the agent to say something matching `re` (caption) with real audio, then finish speaking. */
async function hear(p: TestParticipant, re: RegExp, timeoutMs = 45_000): Promise<void> {
  const since = p.captions.length;
  const sound = p.soundMs;
  await p.waitForCaption(re, { since, timeoutMs });
  await p.waitFor('agent audio', () => p.soundMs - sound >= 300, timeoutMs);
  await p.waitForQuiet(900, timeoutMs);
}

describe('voice interviews through a real LiveKit server', () => {
  test('(1) a complete WebRTC interview', async () => {
    const run = await createRun(stack);
    expect(run.join_token).toEqual(expect.any(String));
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    let live: ReturnType<typeof watchLive> | undefined;
    try {
      await hear(p, /recorded and transcribed/i);
      // live events exist once the run is awaiting consent / active
      live = watchLive(stack, run.id);
      await answer(p, 'Yes, that is fine with me.');
      await hear(p, /role at work/i);
      await answer(p, 'I am a nurse at a hospital in Leeds, I run the night shift.');
      await hear(p, /which tool/i);
      await answer(p, 'I use the scheduling app the most because it saves me an hour every day.');
      await hear(p, /thank you/i);

      const done = await eventually(
        'run completed',
        async () => {
          const r = await stack.api('GET', `/v1/interview-runs/${run.id}`);
          return r.body.status === 'completed' ? r.body : null;
        },
        60_000,
      );
      expect(done.status).toBe('completed');

      const transcript = await stack.api('GET', `/v1/interview-runs/${run.id}/transcript`);
      const entries: any[] = transcript.body.data ?? transcript.body.entries ?? transcript.body;
      const lines = entries.map((e) => `${e.role}:${e.node_id ?? '-'}:${e.content}`);
      const participantLines = entries.filter((e) => e.role === 'participant');
      expect(participantLines.map((e) => e.content)).toEqual([
        'Yes, that is fine with me.',
        'I am a nurse at a hospital in Leeds, I run the night shift.',
        'I use the scheduling app the most because it saves me an hour every day.',
      ]);
      expect(participantLines.map((e) => e.node_id ?? null)).toEqual([null, 'role', 'tools']);
      expect(lines.at(-1)).toMatch(/^agent:.*thank you/i);
      // order: turn numbers strictly increase, agent and participant alternate after the opening
      const numbers = entries.map((e) => e.turn_number ?? 0);
      expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);

      const responses = await stack.api('GET', `/v1/interview-runs/${run.id}/responses`);
      expect(JSON.stringify(responses.body)).toContain('nurse');
      const analysis = await eventually('analysis', async () => {
        const a = await stack.api('GET', `/v1/interview-runs/${run.id}/analysis`);
        return a.status === 200 ? a.body : null;
      });
      expect(analysis).toBeTruthy();

      await stack.hooks.waitForRequests(1, 30_000);
      expect(
        stack.hooks.requests.some((r) => r.verified?.ok === true || (r.verified as any)?.valid === true),
      ).toBe(true);

      const types = new Set(live.events.map((e) => e.type));
      expect([...types]).toEqual(expect.arrayContaining(['node_entered', 'agent_state']));
      expect(stack.dg.segments.length).toBeGreaterThanOrEqual(3);
      expect(stack.oa.speech.length).toBeGreaterThanOrEqual(3);
    } finally {
      live?.close();
      await p.leave();
    }
  }, 240_000);
});
