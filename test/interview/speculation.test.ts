import { describe, expect, test } from 'vitest';
import type { Conductor } from '../../src/conductor/types.js';
import type { TurnBody } from '../../src/store-client/types.js';
import { loadBlueprint, offlineSession, read, spoken, turnsOf as turns } from './harness.js';

const blueprint = loadBlueprint('test/fixtures/e2e/voice-short.yaml');
const setup = (wrap?: (c: Conductor) => Conductor) => offlineSession(blueprint, wrap);

/** What a turn says, without its clock times. */
const shape = (t: TurnBody) => ({ ...t, started_at: undefined, ended_at: undefined });

/** A session past consent, answering the first question. */
async function atFirstQuestion(wrap?: (c: Conductor) => Conductor) {
  const s = setup(wrap);
  await spoken(await s.session.begin());
  await spoken(await s.session.respond({ text: 'Yes, that is fine.' }));
  return s;
}

describe('InterviewSession.speculate (preemptive generation)', () => {
  test('the reply streams before the turn is over; nothing is recorded until accept, then exactly what respond records', async () => {
    const spec = await atFirstQuestion();
    const plain = await atFirstQuestion();
    const before = spec.writes.length;
    const stateBefore = spec.session.state;

    const s = spec.session.speculate('I am a nurse in Leeds.', 0.8);
    expect(await read(s.reply)).toMatch(/which tool/i);
    expect(spec.writes.length).toBe(before);
    expect(spec.session.state).toBe(stateBefore);

    const endedAt = Date.parse('2026-06-01T10:05:00Z');
    const accepted = s.accept(Promise.resolve({ startedAt: endedAt - 2000, endedAt }));
    expect(accepted).not.toBeNull();
    const u = await accepted!;
    expect(await spoken(u)).toMatch(/which tool/i);
    expect(spec.session.state.current_node).toBe('tools');

    const viaRespond = await plain.session.respond({ text: 'I am a nurse in Leeds.', confidence: 0.8 });
    expect(await spoken(viaRespond)).toBe(await read(u.text));
    expect(turns(spec.writes).map(shape)).toEqual(turns(plain.writes).map(shape));
    const participant = turns(spec.writes).at(-2)!;
    expect(participant.role).toBe('participant');
    expect(participant.started_at).toBe('2026-06-01T10:04:58.000Z');
    expect(participant.ended_at).toBe('2026-06-01T10:05:00.000Z');
    expect(participant.confidence).toBe(0.8);
  });

  test('a discarded speculation leaves no trace; the turn is then answered the usual way', async () => {
    const { session, writes } = await atFirstQuestion();
    const before = writes.length;
    const s = session.speculate('I am a nurse');
    await read(s.reply);
    s.discard();
    expect(s.accept(Promise.resolve({}))).toBeNull();
    expect(writes.length).toBe(before);
    expect(session.state.current_node).toBe('role');
    expect(await spoken(await session.respond({ text: 'I am a nurse in Leeds.' }))).toMatch(/which tool/i);
    expect(
      turns(writes)
        .filter((t) => t.role === 'participant')
        .map((t) => t.content),
    ).toEqual(['Yes, that is fine.', 'I am a nurse in Leeds.']);
  });

  test('stale once the interview moved: a step after the speculation began makes accept refuse it', async () => {
    const { session, writes } = await atFirstQuestion();
    const s = session.speculate('I am a nurse in Leeds.');
    await session.handle({ type: 'silence_timeout' });
    const before = writes.length;
    expect(s.accept(Promise.resolve({}))).toBeNull();
    expect(writes.length).toBe(before);
    expect(session.state.current_node).toBe('role');
  });

  test('refused while another step is queued, even if the state has not changed yet', async () => {
    const { session } = await atFirstQuestion();
    const s = session.speculate('I am a nurse in Leeds.');
    const pending = session.handle({ type: 'tick' });
    expect(s.accept(Promise.resolve({}))).toBeNull();
    await pending;
  });

  test('the reply replays from the start for a second reader; a cancelled reader does not stop it', async () => {
    const { session } = await atFirstQuestion();
    const s = session.speculate('I am a nurse in Leeds.');
    const first = s.reply[Symbol.asyncIterator]();
    const chunk = await first.next();
    expect(chunk.done).toBe(false);
    await first.return?.();
    const whole = await read(s.reply);
    expect(whole.startsWith(chunk.value as string)).toBe(true);
    expect(whole).toMatch(/which tool/i);
    const u = await s.accept(Promise.resolve({}))!;
    expect(await spoken(u)).toBe(whole);
    expect((await u.done)?.content).toBe(whole.trim());
  });

  test('the conductor fails: the reply is empty, accept rejects, nothing is recorded', async () => {
    let fail = false;
    const { session, writes } = await atFirstQuestion((c) => ({
      interpret: (input) => (fail ? Promise.reject(new Error('model down')) : c.interpret(input)),
      speak: (input) => c.speak(input),
    }));
    fail = true;
    const before = writes.length;
    const s = session.speculate('I am a nurse in Leeds.');
    expect(await read(s.reply)).toBe('');
    await expect(s.accept(Promise.resolve({}))!).rejects.toThrow('model down');
    expect(writes.length).toBe(before);
    expect(session.state.current_node).toBe('role');
  });

  test('the model calls of a dropped speculation are aborted', async () => {
    let signal: AbortSignal | undefined;
    let hold = false;
    let release!: () => void;
    const { session } = await atFirstQuestion((c) => ({
      interpret: async (input) => {
        if (hold) {
          signal = input.signal;
          await new Promise<void>((r) => (release = r));
        }
        return c.interpret(input);
      },
      speak: (input) => c.speak(input),
    }));
    hold = true;
    const s = session.speculate('I am a nurse in Leeds.');
    expect(signal?.aborted).toBe(false);
    s.discard();
    expect(signal?.aborted).toBe(true);
    release();
    expect(await read(s.reply)).toBe('');
  });
});
