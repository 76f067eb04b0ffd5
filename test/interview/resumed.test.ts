import { describe, expect, test } from 'vitest';
import { loadBlueprint, offlineSession, spoken, turnsOf as turns } from './harness.js';

/**
 * InterviewSession.respondResumed: the participant went on with an answer after the turn-taking took
 * their pause for its end. nps-churn routes on the score: 6 or less asks for the reason (detractor),
 * above goes on to tenure.
 */
const blueprint = loadBlueprint('blueprints/nps-churn.yaml');

/** A session at the NPS question. */
async function atScore() {
  const { session, writes } = offlineSession(blueprint);
  await spoken(await session.begin());
  await spoken(await session.respond({ text: 'Yes, that is fine.' }));
  expect(session.state.current_node).toBe('nps');
  return { session, writes };
}

describe('InterviewSession.respondResumed', () => {
  test('"Seven." … "Actually, no, more like a six.": the step on seven is taken back; six routes to the detractor question', async () => {
    const { session, writes } = await atScore();
    const first = await spoken(await session.respond({ text: 'Seven.' }));
    expect(session.state.current_node).toBe('tenure');
    expect(first).toMatch(/how long/i);
    const reply = await spoken(await session.respondResumed({ text: 'Actually, no, more like a six.' }));
    expect(session.state.current_node).toBe('detractor_reason');
    expect(session.state.answers.nps?.value).toBe(6);
    expect(reply).toMatch(/main reason/i);
    expect(session.state.path_taken).not.toContain('tenure');
    const participant = turns(writes).filter((t) => t.role === 'participant');
    const [seven, six] = participant.slice(-2);
    expect(seven?.content).toBe('Seven.');
    expect(six?.content).toBe('Actually, no, more like a six.');
    expect(six?.node_id).toBe('nps');
    expect(six?.evaluation).toMatchObject({ value: 6, resumes: seven?.turn_number });
  });

  test('a qualification that keeps the reading keeps the route', async () => {
    const { session, writes } = await atScore();
    await spoken(await session.respond({ text: 'Nine.' }));
    await spoken(await session.respondResumed({ text: 'Because it saves me time every week.' }));
    const [nine, because] = turns(writes)
      .filter((t) => t.role === 'participant')
      .slice(-2);
    expect(because?.node_id).toBe('nps');
    expect(because?.evaluation).toMatchObject({ kind: 'answer', resumes: nine?.turn_number });
    expect(session.state.current_node).toBe('tenure');
    expect(session.state.answers.nps?.value).toBe(9);
    expect(session.state.path_taken.filter((n) => n === 'tenure')).toHaveLength(1);
  });

  test('a second pause: all three parts are read as one answer', async () => {
    const { session } = await atScore();
    await spoken(await session.respond({ text: 'Eight.' }));
    await spoken(await session.respondResumed({ text: 'Well, no.' }));
    await spoken(await session.respondResumed({ text: 'Five, to be honest.' }));
    expect(session.state.answers.nps?.value).toBe(5);
    expect(session.state.current_node).toBe('detractor_reason');
  });

  test('clock ticks while the participant goes on (nothing due) leave the answer resumable', async () => {
    const { session } = await atScore();
    await spoken(await session.respond({ text: 'Seven.' }));
    await spoken(await session.handle({ type: 'tick' }));
    await spoken(await session.handle({ type: 'tick' }));
    expect(session.resumeBlocker()).toBeNull();
    await spoken(await session.respondResumed({ text: 'Actually, no, more like a six.' }));
    expect(session.state.answers.nps?.value).toBe(6);
    expect(session.state.current_node).toBe('detractor_reason');
  });

  test('when something else stepped since the answer, it is the unheard question asked again', async () => {
    const { session, writes } = await atScore();
    await spoken(await session.respond({ text: 'Nine.' }));
    await spoken(await session.handle({ type: 'silence_timeout' }));
    expect(session.resumeBlocker()).toBe('stepped');
    const before = session.state.answers.nps?.value;
    await spoken(await session.respondResumed({ text: 'Actually, more like a six.' }));
    expect(session.state.answers.nps?.value).toBe(before);
    expect(turns(writes).at(-2)?.evaluation).toEqual({ kind: 'interrupted_question' });
  });
});
