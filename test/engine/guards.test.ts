import { describe, expect, it } from 'vitest';
import { bp, Driver, ev, linear } from './helpers.js';

describe('loop guards', () => {
  it('three re-asks per reason, each with a new attempt number, then the question is declined and the interview moves on', () => {
    const d = new Driver(linear());
    d.send(ev.started());
    const attempts: Array<number | undefined> = [];
    for (let i = 0; i < 3; i++) {
      d.send({ type: 'repeat_requested' });
      expect(d.types()).toEqual(['ask']);
      attempts.push(d.find('ask')?.attempt);
    }
    expect(attempts).toEqual([1, 2, 3]);
    d.send({ type: 'repeat_requested' });
    expect(d.state.answers.q1).toMatchObject({
      status: 'declined',
      decline_reason: 'dont_know',
      decline_detail: 'repeat limit reached (3 re-asks)',
    });
    expect(d.state.current_node).toBe('q2');
  });

  it('reasons count separately; an answer given before the cap is kept', () => {
    const d = new Driver(linear({ probing: { max_follow_ups: 2 } }));
    d.send(ev.started());
    for (const reason of ['repeat', 'clarify', 'unclear', 'off_topic'] as const) {
      d.send({ type: 'repeat_requested', reason });
      expect(d.state.current_node).toBe('q1');
    }
    d.send(ev.answer({ objective_met: false, summary: 'partly' }));
    expect(d.types()).toContain('follow_up');
    for (let i = 0; i < 2; i++) d.send({ type: 'repeat_requested', reason: 'unclear' });
    d.send({ type: 'repeat_requested', reason: 'unclear' });
    expect(d.state.answers.q1).toMatchObject({ status: 'answered', summary: 'partly' });
    expect(d.state.current_node).toBe('q2');
  });

  it('caps come from settings.loop_guards and per node', () => {
    const b = bp({
      settings: { loop_guards: { repeat: 1, clarify: 0, unclear: 3, off_topic: 3 } },
      graph: {
        entry_node: 'q1',
        nodes: {
          q1: { type: 'question', key: 'a', text: 'A?', loop_guards: { repeat: 2 } },
          q2: { type: 'question', key: 'b', text: 'B?', required: false },
          done: { type: 'end' },
        },
        edges: [
          { from: 'q1', to: 'q2' },
          { from: 'q2', to: 'done' },
        ],
      },
    });
    const d = new Driver(b);
    d.send(ev.started());
    d.send({ type: 'repeat_requested' });
    d.send({ type: 'repeat_requested' });
    expect(d.state.current_node).toBe('q1');
    d.send({ type: 'repeat_requested' });
    expect(d.state.current_node).toBe('q2');
    d.send({ type: 'repeat_requested', reason: 'clarify' });
    expect(d.state.answers.q2).toMatchObject({
      status: 'skipped',
      decline_detail: 'clarify limit reached (0 re-asks)',
    });
    expect(d.state.status).toBe('ended');
  });

  it('300 repeats end the interview within a bounded number of prompts', () => {
    const d = new Driver(linear());
    d.send(ev.started());
    let prompts = 0;
    for (let i = 0; i < 300 && d.state.status !== 'ended'; i++) {
      d.send({ type: 'repeat_requested' });
      prompts += d.actions.filter((a) => a.type === 'ask' || a.type === 'follow_up').length;
    }
    expect(d.state.status).toBe('ended');
    expect(prompts).toBeLessThanOrEqual(2 * 4);
  });
});
