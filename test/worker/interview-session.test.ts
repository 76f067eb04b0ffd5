import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { defaultAgent } from '../../src/agent/schema.js';
import { blueprintSchema } from '../../src/blueprint/schema.js';
import { createConductor } from '../../src/conductor/index.js';
import { InterviewSession, type Utterance } from '../../src/interview/session.js';
import type { LiveEvent, TurnBody } from '../../src/store-client/types.js';

const blueprint = blueprintSchema.parse(
  parse(readFileSync(fileURLToPath(new URL('../fixtures/e2e/voice-short.yaml', import.meta.url)), 'utf8')),
);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function setup(resume?: ConstructorParameters<typeof InterviewSession>[0]['resume']) {
  const writes: Array<{ turn: TurnBody } | { events: readonly LiveEvent[] }> = [];
  let t = Date.parse('2026-06-01T10:00:00Z');
  const session = new InterviewSession({
    blueprint,
    agent: defaultAgent,
    conductor: createConductor({ agent: defaultAgent, mode: 'offline', logger: silent, now: () => t }),
    run: { run_id: 'run_1', participant: { name: 'Dana' } },
    sessionId: 'ses_1',
    sink: { record: (batch) => void writes.push(...batch) },
    resume,
    now: () => (t += 1000),
  });
  return { session, writes };
}

async function spoken(u: Utterance): Promise<string> {
  let text = '';
  for await (const chunk of u.text) text += chunk;
  await u.done;
  return text;
}

describe('InterviewSession (the shared turn loop)', () => {
  test('intro + consent, answers, outro; every turn recorded once, in order, with node ids', async () => {
    const { session, writes } = setup();
    expect(await spoken(await session.begin())).toMatch(/recorded and transcribed/);
    expect(await spoken(await session.respond({ text: 'Yes, that is fine.' }))).toMatch(/role at work/);
    expect(await spoken(await session.respond({ text: 'I am a nurse in Leeds.', confidence: 0.9 }))).toMatch(
      /which tool/i,
    );
    const last = await session.respond({ text: 'The scheduling app, it saves time.' });
    expect(last.ends).toBe(true);
    expect(await spoken(last)).toMatch(/thank you/i);
    expect(session.ended).toBe(true);
    expect(session.state.end_reason).toBe('completed');

    const turns = writes.flatMap((w) => ('turn' in w ? [w.turn] : []));
    expect(turns.map((t) => t.turn_number)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(turns.map((t) => t.role)).toEqual([
      'agent',
      'participant',
      'agent',
      'participant',
      'agent',
      'participant',
      'agent',
    ]);
    expect(turns.filter((t) => t.role === 'participant').map((t) => t.node_id)).toEqual([
      undefined,
      'role',
      'tools',
    ]);
    expect(turns[3]?.confidence).toBe(0.9);
    const events = writes.flatMap((w) => ('events' in w ? w.events : []));
    expect(events.filter((e) => e.type === 'node_entered').map((e) => e.node_id)).toEqual([
      'role',
      'tools',
      'done',
    ]);
    expect(events.filter((e) => e.type === 'engine_state').length).toBeGreaterThanOrEqual(4);
  });

  test('resumes from a snapshot: welcome back and the current question, not an answered one', async () => {
    const first = setup();
    await spoken(await first.session.begin());
    await spoken(await first.session.respond({ text: 'Yes.' }));
    await spoken(await first.session.respond({ text: 'I am a pilot.' }));
    await first.session.handle({ type: 'participant_left' });
    const { session } = setup({ state: first.session.state, history: first.session.transcript });
    const text = await spoken(await session.begin());
    expect(text).toMatch(/welcome back/i);
    expect(text).toMatch(/which tool/i);
    expect(text).not.toMatch(/role at work/i);
  });

  test('DTMF consent refusal ends politely', async () => {
    const { session } = setup();
    await spoken(await session.begin());
    const u = await session.handle({ type: 'consent', given: false });
    expect(u.ends).toBe(true);
    expect(await spoken(u)).toMatch(/won't go ahead|goodbye/i);
    expect(session.state.end_reason).toBe('consent_refused');
  });

  test('an interrupted question is not counted as heard: the words are kept, the question is asked again', async () => {
    const { session, writes } = setup();
    await spoken(await session.begin());
    await spoken(await session.respond({ text: 'Yes.' }));
    const again = await session.respondUnheard({ text: 'Sorry, go on' });
    expect(again.asks).toBe(true);
    expect(await spoken(again)).toMatch(/role at work/);
    expect(session.state.current_node).toBe('role');
    expect(session.state.answers.role).toBeUndefined();
    const turns = writes.flatMap((w) => ('turn' in w ? [w.turn] : []));
    expect(turns.find((t) => t.content === 'Sorry, go on')?.evaluation).toEqual({
      kind: 'interrupted_question',
    });
  });

  test('onAgentSpoken runs once per agent turn, before its end time is read (a virtual clock)', async () => {
    let t = Date.parse('2026-06-01T10:00:00Z');
    const spokenTexts: string[] = [];
    const session = new InterviewSession({
      blueprint,
      agent: defaultAgent,
      conductor: createConductor({ agent: defaultAgent, mode: 'offline', logger: silent, now: () => t }),
      run: { run_id: 'run_1', participant: { name: 'Dana' } },
      sessionId: 'ses_1',
      sink: { record: () => undefined },
      now: () => t,
      onAgentSpoken: (text) => {
        spokenTexts.push(text);
        t += 5000;
      },
    });
    const intro = await spoken(await session.begin());
    const turn = session.transcript.at(-1)!;
    expect(spokenTexts).toEqual([intro.trim()]);
    expect(Date.parse(turn.ended_at) - Date.parse(turn.started_at)).toBe(5000);
  });
});
