import { describe, expect, it } from 'vitest';
import { computeProgress } from '../../src/engine/index.js';
import { DEFAULT_TEXTS } from '../../src/engine/texts.js';
import { wrapUpMarginMs } from '../../src/engine/timing.js';
import { bp, Driver, ev, linear, MIN } from './helpers.js';

function begin(q1: Record<string, unknown> = {}, run = {}, settings: Record<string, unknown> = {}) {
  const d = new Driver(linear(q1, settings), run);
  d.send(ev.started(), 0);
  return d;
}

describe('repeat_requested', () => {
  it('re-asks the current question with repeat: true, without counting a visit', () => {
    const d = begin();
    d.send(ev.repeat());
    expect(d.types()).toEqual(['ask']);
    expect(d.find('ask')).toMatchObject({ node_id: 'q1', repeat: true });
    expect(d.state.visits.q1).toBe(1);
    expect(d.state.path_taken).toEqual(['q1']);
  });

  it('re-issues a pending follow-up with repeat: true and no new ledger entry', () => {
    const d = begin();
    d.send(ev.answer({ probe: { technique: 'example', reason: 'vague' } }));
    d.send(ev.repeat());
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'follow_up', technique: 'example', index: 1, repeat: true }),
    ]);
    expect(d.state.probe_ledger).toHaveLength(1);
    expect(d.state.current_follow_ups).toBe(1);
  });

  it('repeats the consent request while awaiting consent', () => {
    const d = begin({}, {}, { consent: true });
    d.send(ev.repeat());
    expect(d.types()).toEqual(['say:consent_request']);
  });
});

describe('silence_timeout', () => {
  it('prompts up to max_silence_prompts times, then ends idle', () => {
    const d = begin({}, { limits: { max_silence_prompts: 2 } });
    d.send(ev.silence());
    expect(d.types()).toEqual(['say:idle_prompt']);
    expect(d.actions[0]).toMatchObject({ node_id: 'q1' });
    d.send(ev.silence());
    expect(d.types()).toEqual(['say:idle_prompt']);
    d.send(ev.silence());
    expect(d.types()).toEqual(['say:outro', 'progress', 'end']);
    expect(d.actions[0]).toMatchObject({ text: DEFAULT_TEXTS.idle });
    expect(d.state.end_reason).toBe('idle');
  });

  it('participant activity resets the count', () => {
    const d = begin();
    d.send(ev.silence());
    d.send(ev.repeat());
    expect(d.state.silence_prompts).toBe(0);
    d.send(ev.silence());
    expect(d.types()).toEqual(['say:idle_prompt']);
  });

  it('with max_silence_prompts 0 the first silence ends the interview', () => {
    const d = begin({}, { limits: { max_silence_prompts: 0 } });
    d.send(ev.silence());
    expect(d.state.end_reason).toBe('idle');
  });
});

describe('end_requested', () => {
  it('says the outro and ends participant_ended', () => {
    const d = begin();
    d.send(ev.end());
    expect(d.types()).toEqual(['say:outro', 'progress', 'end']);
    expect(d.actions[0]).toMatchObject({ text: DEFAULT_TEXTS.participant_ended });
    expect(d.find('end')?.reason).toBe('participant_ended');
    expect(d.state.ended_at).toBe(d.now);
  });

  it('flushes a partial answer whose follow-up is pending', () => {
    const d = begin();
    d.send(ev.answer({ fields: { a: 1 }, probe: { technique: 'example', reason: 'r' } }));
    d.send(ev.end());
    expect(d.types()).toEqual(['record_response', 'say:outro', 'progress', 'end']);
    expect(d.find('record_response')?.response).toMatchObject({ fields: { a: 1 }, probing_complete: true });
  });
});

describe('participant_left and session_resumed', () => {
  it('participant_left has no actions and keeps the state (except steps)', () => {
    const d = begin();
    const before = d.state;
    d.send(ev.left());
    expect(d.actions).toEqual([]);
    expect(d.state).toEqual({ ...before, steps: before.steps + 1 });
  });

  it('resume says welcome back and re-asks the current question', () => {
    const d = begin({}, { participant: { name: 'Dana' } });
    d.send(ev.answer());
    d.send(ev.left());
    d.send(ev.resumed());
    expect(d.types()).toEqual(['say:welcome_back', 'ask']);
    expect(d.actions[0]).toMatchObject({ text: expect.stringContaining('Welcome back Dana') });
    expect(d.find('ask')).toMatchObject({ node_id: 'q2', repeat: true });
    expect(d.state.session_count).toBe(2);
    expect(d.state.visits.q2).toBe(1);
  });

  it('resume during a follow-up re-issues the follow-up, not the answered question', () => {
    const d = begin();
    d.send(ev.answer({ probe: { technique: 'contrast', reason: 'compare' } }));
    d.send(ev.left());
    d.send(ev.resumed());
    expect(d.types()).toEqual(['say:welcome_back', 'follow_up']);
    expect(d.find('follow_up')).toMatchObject({ technique: 'contrast', repeat: true });
  });

  it('resume while awaiting consent asks for consent again', () => {
    const d = begin({}, {}, { consent: true });
    d.send(ev.resumed());
    expect(d.types()).toEqual(['say:welcome_back', 'say:consent_request']);
  });

  it('continues from where routing left off if the current node is a passed statement', () => {
    const d = begin();
    // A state whose current node is a statement (e.g. restored from an older writer).
    const b = bp({
      graph: {
        entry_node: 's',
        nodes: { s: { type: 'statement', text: 'Hi' }, q: { type: 'question', key: 'q', text: 'Q?' } },
        edges: [{ from: 's', to: 'q' }],
      },
    });
    const d2 = new Driver(b);
    d2.state = { ...d.state, current_node: 's', visits: { s: 1 }, path_taken: ['s'], answers: {} };
    d2.send(ev.resumed());
    expect(d2.types()).toEqual(['say:welcome_back', 'node_entered', 'progress', 'ask']);
    expect(d2.state.current_node).toBe('q');
  });
});

describe('after the end', () => {
  it.each([
    ev.started(),
    ev.resumed(),
    ev.answer(),
    ev.decline('skip'),
    ev.consent(true),
    ev.repeat(),
    ev.silence(),
    ev.tick(),
    ev.end(),
    ev.left(),
  ])('%j has no actions and changes only steps', (event) => {
    const d = begin();
    d.send(ev.end());
    const before = d.state;
    d.send(event, d.now + 100 * MIN);
    expect(d.actions).toEqual([]);
    expect(d.state).toEqual({ ...before, steps: before.steps + 1 });
  });
});

describe('before session_started', () => {
  it.each([
    ev.answer(),
    ev.decline('skip'),
    ev.consent(true),
    ev.repeat(),
    ev.silence(),
    ev.tick(),
    ev.end(),
    ev.left(),
  ])('%j is ignored', (event) => {
    const d = new Driver(linear());
    const before = d.state;
    d.send(event);
    expect(d.actions).toEqual([]);
    expect(d.state).toEqual({ ...before, steps: 1 });
  });
});

describe('time limits', () => {
  // max 10 min → margin min(2 min, 1.5 min) = 1.5 min → wrap-up at 8:30
  const settings = { max_duration_m: 10, estimated_duration_m: 8 };

  it('wrap-up margin is the smaller of 2 minutes and 15 %', () => {
    expect(wrapUpMarginMs(30 * MIN)).toBe(2 * MIN);
    expect(wrapUpMarginMs(10 * MIN)).toBe(1.5 * MIN);
  });

  it('a tick before wrap-up does nothing', () => {
    const d = begin({}, {}, settings);
    d.send(ev.tick(), 8 * MIN);
    expect(d.actions).toEqual([]);
    expect(d.state.status).toBe('active');
  });

  it('a tick inside the margin switches to wrapping_up without actions', () => {
    const d = begin({}, {}, settings);
    d.send(ev.tick(), 8.5 * MIN);
    expect(d.actions).toEqual([]);
    expect(d.state.status).toBe('wrapping_up');
  });

  it('wrapping up: no follow-ups', () => {
    const d = begin({}, {}, settings);
    d.send(ev.answer({ objective_met: false, probe: { technique: 'example', reason: 'x' } }), 9 * MIN);
    expect(d.types()[0]).toBe('record_response');
    expect(d.find('record_response')?.response.probing_complete).toBe(false);
    expect(d.state.probe_ledger).toEqual([]);
  });

  it('wrapping up: a skip on a required question is not re-asked', () => {
    const d = begin({}, {}, settings);
    d.send(ev.decline('skip'), 9 * MIN);
    expect(d.find('record_response')?.response.status).toBe('declined');
  });

  it('a tick at the limit ends with time_limit', () => {
    const d = begin({}, {}, settings);
    d.send(ev.tick(), 10 * MIN);
    expect(d.types()).toEqual(['say:outro', 'progress', 'end']);
    expect(d.actions[0]).toMatchObject({ text: DEFAULT_TEXTS.time_limit });
    expect(d.state.end_reason).toBe('time_limit');
  });

  it.each([ev.repeat(), ev.silence(), ev.resumed(), ev.consent(true), ev.end()])(
    '%j past the limit ends with time_limit',
    (event) => {
      const d = begin({}, {}, settings);
      d.send(event, 11 * MIN);
      expect(d.find('end')?.reason).toBe('time_limit');
    },
  );

  it('an answer past the limit is recorded, then the interview ends', () => {
    const d = begin({}, {}, settings);
    d.send(ev.answer({ fields: { a: 1 }, probe: { technique: 'example', reason: 'x' } }), 10 * MIN);
    expect(d.types()).toEqual(['record_response', 'say:outro', 'progress', 'end']);
    expect(d.find('record_response')?.response).toMatchObject({ status: 'answered', fields: { a: 1 } });
    expect(d.state.end_reason).toBe('time_limit');
  });

  it('a decline past the limit is recorded, then the interview ends', () => {
    const d = begin({}, {}, settings);
    d.send(ev.decline('skip'), 12 * MIN);
    expect(d.types()).toEqual(['record_response', 'say:outro', 'progress', 'end']);
    expect(d.find('record_response')?.response.status).toBe('declined');
  });

  it('time counts from the first session, across disconnections', () => {
    const d = begin({}, {}, settings);
    d.send(ev.left(), 1 * MIN);
    d.send(ev.resumed(), 10 * MIN);
    expect(d.find('end')?.reason).toBe('time_limit');
  });

  const wrapGraph = () =>
    bp({
      settings,
      graph: {
        entry_node: 'q1',
        nodes: {
          q1: { type: 'question', key: 'q1', text: '1?' },
          opt: { type: 'question', key: 'opt', text: 'optional?', required: false },
          s: { type: 'statement', text: 'A statement' },
          q2: { type: 'question', key: 'q2', text: '2?' },
          branch: { type: 'question', key: 'branch', text: 'only for VIPs?' },
          q3: { type: 'question', key: 'q3', text: '3?' },
          elsewhere: { type: 'question', key: 'elsewhere', text: 'unreachable from q2' },
          done: { type: 'end', text: 'The end' },
        },
        edges: [
          { from: 'q1', to: 'opt' },
          { from: 'q1', to: 'elsewhere', priority: -1 },
          { from: 'opt', to: 's' },
          { from: 's', to: 'q2' },
          {
            from: 'q2',
            to: 'branch',
            priority: 1,
            condition: { type: 'structured', field: 'vars.vip', operator: 'eq', value: 'yes' },
          },
          { from: 'q2', to: 'q3' },
          { from: 'branch', to: 'q3' },
          { from: 'q3', to: 'done' },
          { from: 'elsewhere', to: 'done' },
        ],
      },
    });

  it('wrap-up jumps to the remaining required questions reachable now, then the end node', () => {
    const d = new Driver(wrapGraph());
    d.send(ev.started(), 0);
    d.send(ev.answer(), 1 * MIN);
    expect(d.state.current_node).toBe('opt');
    d.send(ev.tick(), 9 * MIN);
    expect(d.state.status).toBe('wrapping_up');
    d.send(ev.answer(), 9 * MIN);
    // from opt: BFS opt → s → q2 (required, unanswered) — the optional node and statement are skipped
    expect(d.state.current_node).toBe('q2');
    expect(d.state.wrap_up_origin).toBe('opt');
    d.send(ev.answer(), 9.2 * MIN);
    // branch's condition is false, so only q3 remains
    expect(d.state.current_node).toBe('q3');
    d.send(ev.answer(), 9.4 * MIN);
    expect(d.state.path_taken).toEqual(['q1', 'opt', 'q2', 'q3', 'done']);
    expect(d.state.end_reason).toBe('completed');
    expect(d.all.filter((a) => a.type === 'say' && a.kind === 'outro')).toEqual([
      expect.objectContaining({ text: 'The end' }),
    ]);
    expect(d.state.visits.elsewhere).toBeUndefined();
  });

  it('wrap-up ends with the outro when nothing remains', () => {
    const b = bp({
      settings,
      graph: {
        entry_node: 'q1',
        nodes: {
          q1: { type: 'question', key: 'q1', text: '1?' },
          q2: { type: 'question', key: 'q2', text: '2?', required: false },
        },
        edges: [{ from: 'q1', to: 'q2' }],
      },
    });
    const d = new Driver(b);
    d.send(ev.started(), 0);
    d.send(ev.answer(), 9 * MIN);
    expect(d.types()).toEqual(['record_response', 'say:outro', 'progress', 'end']);
    expect(d.state.end_reason).toBe('completed');
  });
});

describe('progress', () => {
  it('counts reachable answer nodes, distinct visits, duration and remaining estimate', () => {
    const b = bp({
      settings: { estimated_duration_m: 10, max_duration_m: 30 },
      graph: {
        entry_node: 'intro',
        nodes: {
          intro: { type: 'statement', text: 'Hi' },
          a: { type: 'question', key: 'a', text: 'A?', max_visits: 2 },
          b: { type: 'question', key: 'b', text: 'B?' },
          c: { type: 'rating', key: 'c', text: 'C?', scale: { min: 1, max: 5 } },
          d: { type: 'yes_no', key: 'd', text: 'D?' },
          orphan: { type: 'question', key: 'orphan', text: 'never reachable' },
          done: { type: 'end' },
        },
        edges: [
          { from: 'intro', to: 'a' },
          {
            from: 'a',
            to: 'a',
            priority: 1,
            condition: { type: 'structured', field: 'a.again', operator: 'eq', value: true },
          },
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: 'd' },
          { from: 'd', to: 'done' },
        ],
      },
    });
    const d = new Driver(b);
    d.send(ev.started(), 0);
    expect(d.find('progress')?.progress).toEqual({
      nodes_total: 4,
      nodes_visited: 0,
      nodes_answered: 0,
      current_node: 'intro',
      path_taken: ['intro'],
      duration_s: 0,
      estimated_remaining_s: 600,
    });
    const last = () => d.actions.filter((a) => a.type === 'progress').at(-1);
    expect(last()).toMatchObject({ progress: { nodes_visited: 1, current_node: 'a' } });
    d.send(ev.answer({ fields: { again: true } }), 60_000);
    expect(last()).toMatchObject({ progress: { nodes_visited: 1, current_node: 'a', duration_s: 60 } });
    d.send(ev.answer({ fields: { again: false } }), 120_000);
    expect(last()).toMatchObject({ progress: { nodes_visited: 2, estimated_remaining_s: 300 } });
    d.send(ev.answer(), 180_000);
    d.send(ev.answer(), 240_000);
    d.send(ev.answer(), 300_000);
    expect(last()).toMatchObject({
      progress: {
        nodes_total: 4,
        nodes_visited: 4,
        duration_s: 300,
        estimated_remaining_s: 0,
        current_node: 'done',
      },
    });
  });

  it('caps the remaining estimate by the time left', () => {
    const d = begin({}, {}, { estimated_duration_m: 60, max_duration_m: 10 });
    // 1 of 2 questions visited: the estimate alone would be 30 min, but only 1 min is left
    expect(computeProgress(d.blueprint, d.state, 9 * MIN)).toMatchObject({
      nodes_visited: 1,
      estimated_remaining_s: 60,
      duration_s: 540,
    });
    expect(computeProgress(d.blueprint, d.state, 0).estimated_remaining_s).toBe(600); // capped by max 10 min
  });
});
