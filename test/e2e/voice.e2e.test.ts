import { AccessToken, RoomAgentDispatch, RoomConfiguration, RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { conversation } from './harness/conversation.js';
import { TestParticipant } from './harness/participant.js';
import { speak, trimTrailingSilence } from './harness/speech.js';
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

const { answer, hear } = conversation(() => stack);

/** A participant token that dispatches the agent with arbitrary job metadata. */
async function tokenWithMetadata(room: string, metadata: string, identity = 'tester'): Promise<string> {
  const at = new AccessToken(stack.lk.apiKey, stack.lk.apiSecret, { identity, ttl: 600 });
  at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  at.roomConfig = new RoomConfiguration({
    agents: [new RoomAgentDispatch({ agentName: 'parley', metadata })],
  });
  return at.toJwt();
}

async function transcriptOf(runId: string): Promise<any[]> {
  const t = await stack.api('GET', `/v1/interview-runs/${runId}/transcript`);
  return t.body.data ?? t.body.entries ?? t.body;
}

async function runStatus(runId: string): Promise<any> {
  return (await stack.api('GET', `/v1/interview-runs/${runId}`)).body;
}

async function waitRoomGone(room: string, timeoutMs = 30_000): Promise<void> {
  const rooms = new RoomServiceClient(stack.lk.httpUrl, stack.lk.apiKey, stack.lk.apiSecret);
  await eventually(
    `room ${room} to close`,
    async () => !(await rooms.listRooms([room])).some((r) => r.name === room),
    timeoutMs,
  );
}

/** The pid of the job process serving `runId` (from the worker's JSON log). */
async function jobPid(runId: string): Promise<number> {
  const line = await stack.worker.waitForLine(
    new RegExp(`"run_id":"${runId}".*interview session started`),
    30_000,
  );
  return JSON.parse(line).pid as number;
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
      // preemptive generation (on by default): replies worked out from the final transcript before the
      // end of the turn was confirmed were spoken, and each participant turn is recorded once (above)
      const metrics = await (await fetch(`${stack.metricsUrl}/metrics`)).text();
      const committed = /parley_preemptive_total\{outcome="committed"\} (\d+)/.exec(metrics);
      expect(Number(committed?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
    } finally {
      live?.close();
      await p.leave();
    }
  }, 240_000);

  test('(6) bad job metadata and an unknown run id are refused cleanly', async () => {
    const bad = new TestParticipant();
    await bad.join(stack.lk.url, await tokenWithMetadata(`bad-${Date.now()}`, 'not json at all'));
    await stack.worker.waitForLine(/rejecting job: bad metadata/, 30_000);
    await bad.leave();

    const unknown = new TestParticipant();
    await unknown.join(
      stack.lk.url,
      await tokenWithMetadata(`unknown-${Date.now()}`, JSON.stringify({ run_id: 'run_doesNotExist000' })),
    );
    await stack.worker.waitForLine(
      /"run_id":"run_doesNotExist000".*refusing job: the store did not open a session/,
      30_000,
    );
    expect(unknown.soundMs).toBe(0);
    await unknown.leave();
    // the worker is still up and serving
    expect(stack.worker.running).toBe(true);
    const health = await fetch(`${stack.metricsUrl}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`${stack.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/parley_jobs_rejected_total\{reason="bad_metadata"\} 1/);
    expect(metrics).toMatch(/parley_turn_latency_seconds_bucket\{.*stage="e2e"/);
  }, 120_000);

  test('(3) the participant drops mid-interview and rejoins: resumes at the same node', async () => {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    await hear(p, /recorded and transcribed/i);
    await answer(p, 'Yes, that is fine with me.');
    await hear(p, /role at work/i);
    await answer(p, 'I teach mathematics at a secondary school.');
    await hear(p, /which tool/i);
    await p.leave();
    await stack.worker.waitForLine(new RegExp(`"run_id":"${run.id}".*participant left`), 30_000);
    // the agent deletes the room when the participant leaves, so that a rejoin dispatches a new job
    await waitRoomGone(run.room);
    const mid = await runStatus(run.id);
    expect(mid.status).not.toBe('completed');

    const again = new TestParticipant();
    await again.join(stack.lk.url, run.join_token);
    try {
      await hear(again, /welcome back/i);
      expect(again.captions.map((c) => c.text).join(' ')).toMatch(/which tool/i);
      expect(again.captions.map((c) => c.text).join(' ')).not.toMatch(/role at work/i);
      await answer(again, 'Mostly the spreadsheet, because the whole department shares it.');
      await hear(again, /thank you/i);
      await eventually('run completed', async () => (await runStatus(run.id)).status === 'completed', 60_000);
      const entries = await transcriptOf(run.id);
      const answers = entries.filter((e) => e.role === 'participant').map((e) => e.node_id ?? null);
      expect(answers).toEqual([null, 'role', 'tools']);
      const numbers = entries.map((e) => e.turn_number);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect((await runStatus(run.id)).session_count).toBe(2);
    } finally {
      await again.leave();
    }
  }, 240_000);

  test('(5) the job process is killed: the run resumes on rejoin', async () => {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    await hear(p, /recorded and transcribed/i);
    const pid = await jobPid(run.id);
    await answer(p, 'Yes, that is fine with me.');
    await hear(p, /role at work/i);
    await answer(p, 'I am a carpenter and I build kitchens.');
    await hear(p, /which tool/i);
    process.kill(pid, 'SIGKILL');
    await p.leave();
    // the participant comes back later: once LiveKit has dropped the dead agent and closed the room
    await waitRoomGone(run.room, 90_000);
    const again = new TestParticipant();
    await again.join(stack.lk.url, run.join_token);
    try {
      await hear(again, /welcome back/i, 60_000);
      expect(again.captions.map((c) => c.text).join(' ')).toMatch(/which tool/i);
      await answer(again, 'A chisel, because it is precise.');
      await hear(again, /thank you/i);
      await eventually('run completed', async () => (await runStatus(run.id)).status === 'completed', 60_000);
      const entries = await transcriptOf(run.id);
      expect(entries.filter((e) => e.role === 'participant').map((e) => e.content)).toEqual([
        'Yes, that is fine with me.',
        'I am a carpenter and I build kitchens.',
        'A chisel, because it is precise.',
      ]);
    } finally {
      await again.leave();
    }
  }, 240_000);

  test('(4) the store is down for 20 s mid-interview: nothing lost or duplicated', async () => {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    try {
      await hear(p, /recorded and transcribed/i);
      await answer(p, 'Yes, that is fine with me.');
      await hear(p, /role at work/i);
      await stack.store.stop('SIGTERM', 10_000);
      const downAt = Date.now();
      // the interview goes on while the store is unreachable: turns wait in the worker's durable outbox
      await answer(p, 'I am a pilot for a regional airline.');
      await hear(p, /which tool/i);
      const downFor = 20_000 - (Date.now() - downAt);
      if (downFor > 0) await new Promise((r) => setTimeout(r, downFor)); // the scenario's outage length
      await stack.startStore();
      await answer(p, 'The flight planning tablet, because it has the weather.');
      await hear(p, /thank you/i);
      await eventually('run completed', async () => (await runStatus(run.id)).status === 'completed', 90_000);
      const entries = await transcriptOf(run.id);
      expect(entries.filter((e) => e.role === 'participant').map((e) => e.content)).toEqual([
        'Yes, that is fine with me.',
        'I am a pilot for a regional airline.',
        'The flight planning tablet, because it has the weather.',
      ]);
      const numbers = entries.map((e) => e.turn_number);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(new Set(numbers).size).toBe(numbers.length);
      const agentLines = entries.filter((e) => e.role === 'agent').map((e) => e.content);
      expect(agentLines.filter((l) => /which tool/i.test(l))).toHaveLength(1);
    } finally {
      await p.leave();
    }
  }, 240_000);

  test('(2) a phone caller: wrong PIN, then the right one, consent by DTMF', async () => {
    const run = await createRun(stack, { channel: 'sip' });
    expect(run.dial_in_pin).toEqual(expect.any(String));
    // a caller as the SIP bridge presents one: kind SIP, sip.* attributes, DTMF; dispatched by the rule
    const room = `call-${Date.now()}`;
    const at = new AccessToken(stack.lk.apiKey, stack.lk.apiSecret, {
      identity: 'sip_+15550100',
      ttl: 600,
      attributes: {
        'sip.phoneNumber': '+15550100',
        'sip.trunkPhoneNumber': '+15550199',
        'sip.callID': 'e2e-call',
      },
    });
    at.kind = 'sip';
    at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
    at.roomConfig = new RoomConfiguration({
      agents: [new RoomAgentDispatch({ agentName: 'parley', metadata: JSON.stringify({ dial_in: true }) })],
    });
    const caller = new TestParticipant();
    await caller.join(stack.lk.url, await at.toJwt());
    try {
      await hear(caller, /enter your interview PIN/i);
      await caller.dtmf('000000#');
      await hear(caller, /not recognised/i);
      await caller.dtmf(`${run.dial_in_pin}#`);
      await hear(caller, /recorded and transcribed/i);
      await caller.dtmf('1');
      await hear(caller, /role at work/i);
      await answer(caller, 'I drive a delivery van for a bakery.');
      await hear(caller, /which tool/i);
      await answer(caller, 'The route planner, because it avoids traffic.');
      await hear(caller, /thank you/i);
      await eventually('run completed', async () => (await runStatus(run.id)).status === 'completed', 60_000);
      const done = await runStatus(run.id);
      expect(done.consent_status).toBe('given');
      expect((await transcriptOf(run.id)).filter((e) => e.role === 'participant')).toHaveLength(2);
    } finally {
      await caller.leave();
    }
  }, 240_000);

  test('(7) the participant speaks over a question: the agent stops and asks it again', async () => {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    try {
      await hear(p, /recorded and transcribed/i);
      await answer(p, 'Yes, that is fine with me.');
      // the agent starts the next utterance (acknowledgement + first question): talk over it once it has
      // been heard starting (a reaction to it, not the consent answer going on: REACTION_MS)
      await p.waitForSound(600, 30_000);
      await answer(p, 'Sorry, can you hold on one second please?');
      await stack.worker.waitForLine(
        new RegExp(`"run_id":"${run.id}".*interrupted before it was heard`),
        30_000,
      );
      // the question asked again (the caption of the one cut off may still arrive before it)
      const askedAgainAt = p.captions.length;
      await p.waitForCaption(/role at work/i, { since: askedAgainAt, timeoutMs: 45_000 });
      await p.waitForQuiet(900, 45_000);
      await answer(p, 'I am an electrician and I wire new houses.');
      await hear(p, /which tool/i);
      await answer(p, 'A voltage tester, because safety comes first.');
      await hear(p, /thank you/i);
      await eventually('run completed', async () => (await runStatus(run.id)).status === 'completed', 60_000);
      const entries = await transcriptOf(run.id);
      const interruption = entries.find((e) => e.content === 'Sorry, can you hold on one second please?');
      expect(interruption?.node_id).toBe('role');
      const responses = await stack.api('GET', `/v1/interview-runs/${run.id}/responses`);
      const text = JSON.stringify(responses.body);
      expect(text).toContain('electrician');
      expect(entries.filter((e) => e.role === 'agent' && /role at work/i.test(e.content)).length).toBe(2);
    } finally {
      await p.leave();
    }
  }, 240_000);

  test('(8) the participant goes silent: a gentle prompt, then the interview ends with reason idle', async () => {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    try {
      await hear(p, /recorded and transcribed/i);
      await answer(p, 'Yes, that is fine with me.');
      await hear(p, /role at work/i);
      // silence (PARLEY_IDLE_TIMEOUT_S=25 in the e2e stack)
      await hear(p, /are you still there/i, 60_000);
      await hear(p, /lost you/i, 60_000);
      await stack.worker.waitForLine(
        new RegExp(`"run_id":"${run.id}".*"end_reason":"idle".*interview ended`),
        30_000,
      );
      const r = await eventually('run left active', async () => {
        const x = await runStatus(run.id);
        return x.status !== 'active' && x.status !== 'awaiting_consent' ? x : null;
      });
      expect(['completed', 'abandoned', 'processing']).toContain(r.status);
    } finally {
      await p.leave();
    }
  }, 180_000);

  test('(9) the participant goes on with a score after a pause the agent took for its end: read as one answer, routed on it', async () => {
    const run = await createRun(stack, {}, { id: 'e2e-voice-score', file: 'voice-score.yaml' });
    const p = new TestParticipant();
    // a small source buffer: the participant speaks again as soon as it hears the agent start
    await p.join(stack.lk.url, run.join_token, { queueSizeMs: 100 });
    try {
      await hear(p, /recorded and transcribed/i);
      await answer(p, 'Yes, that is fine with me.');
      await hear(p, /how likely are you to recommend/i);
      // "Seven." reads as a certain answer: the turn ends and the agent starts its reply; the participant,
      // who only paused, goes on as the reply begins ("Actually, no, more like a six.")
      stack.dg.script('Seven.', 'Actually, no, more like a six.');
      const seven = trimTrailingSilence(await speak('Seven'));
      const rest = await speak('Actually no more like a six');
      await p.speakPcm(seven, 0);
      const sound = p.soundMs;
      await p.silenceUntil(() => p.soundMs > sound, 5_000);
      expect(p.soundMs).toBeGreaterThan(sound);
      await p.speakPcm(rest);
      await stack.worker.waitForLine(
        new RegExp(`"run_id":"${run.id}".*went on with the last answer`),
        30_000,
      );
      await hear(p, /main reason/i);
      await answer(p, 'It crashes when I swap shifts with a colleague.');
      await hear(p, /thank you/i);
      await eventually('run completed', async () => (await runStatus(run.id)).status === 'completed', 60_000);
      const entries = (await transcriptOf(run.id)).filter((e) => e.role === 'participant');
      expect(entries.filter((e) => e.node_id === 'score').map((e) => e.content)).toEqual([
        'Seven.',
        'Actually, no, more like a six.',
      ]);
      expect(entries.some((e) => e.node_id === 'high')).toBe(false);
      const responses = await stack.api('GET', `/v1/interview-runs/${run.id}/responses`);
      const items: any[] = responses.body.items ?? responses.body.data?.items ?? [];
      expect(items.find((i) => i.question_key === 'score')?.value).toBe(6);
      expect(responses.body.path_taken ?? responses.body.data?.path_taken).toContain('low');
    } finally {
      await p.leave();
    }
  }, 240_000);
});
