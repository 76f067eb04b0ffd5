import { describe, expect, it } from 'vitest';
import { start, step } from '../../src/engine/index.js';
import type { EngineEvent, EngineState } from '../../src/engine/types.js';
import { bp, deepFreeze, ev, MIN } from './helpers.js';

const blueprint = deepFreeze(
  bp({
    settings: { consent: true, max_duration_m: 10 },
    variables: [{ name: 'co', default: 'Acme' }],
    graph: {
      entry_node: 's',
      nodes: {
        s: { type: 'statement', text: 'About {{vars.co}}' },
        q: {
          type: 'question',
          key: 'q',
          text: 'Q?',
          max_visits: 2,
          capture: { n: { type: 'number' } },
          probing: { max_follow_ups: 1, techniques: ['example'] },
        },
        c: { type: 'choice', key: 'c', text: 'C?', options: ['a', 'b'], required: false },
        done: { type: 'end' },
      },
      edges: [
        { from: 's', to: 'q' },
        {
          from: 'q',
          to: 'q',
          priority: 2,
          condition: { type: 'structured', field: 'q.n', operator: 'lt', value: 0 },
        },
        { from: 'q', to: 'c' },
        { from: 'c', to: 'done' },
      ],
    },
  }),
);

const script: [EngineEvent, number][] = [
  [ev.started(), 0],
  [ev.repeat(), 1000],
  [ev.consent(true), 2000],
  [ev.answer({ fields: { n: -1 }, probe: { technique: 'laddering', reason: 'why' } }, 1), 3000],
  [ev.silence(), 4000],
  [ev.left(), 5000],
  [ev.resumed(), 6000],
  [ev.answer({ fields: { n: -2 } }, 2), 7000],
  [ev.decline('skip'), 8000],
  [ev.decline('skip'), 9000],
  [ev.tick(), 9 * MIN],
  [ev.answer({ value: 'a' }), 9 * MIN],
  [ev.end(), 11 * MIN],
  [ev.answer(), 12 * MIN],
];

describe('purity', () => {
  it('start and step never mutate their (deep-frozen) inputs', () => {
    const run = deepFreeze({ run_id: 'r', participant: { name: 'D', metadata: { a: { b: 1 } } }, vars: {} });
    let state: EngineState = deepFreeze(start(blueprint, run, 0).state);
    for (const [event, now] of script) {
      const frozenEvent = deepFreeze(structuredClone(event));
      const before = structuredClone(state);
      const result = step(blueprint, state, frozenEvent, now);
      expect(state).toEqual(before);
      expect(result.state).not.toBe(state);
      state = deepFreeze(result.state);
      deepFreeze(result.actions);
    }
    expect(state.status).toBe('ended');
  });

  it('is deterministic: the same inputs give the same outputs', () => {
    const run = { run_id: 'r' };
    const drive = () => {
      let state = start(blueprint, run, 0).state;
      const all = [];
      for (const [event, now] of script) {
        const result = step(blueprint, state, event, now);
        state = result.state;
        all.push(result.actions);
      }
      return { state, all };
    };
    expect(drive()).toEqual(drive());
  });

  it('emitted actions do not alias the returned state', () => {
    let state = start(blueprint, { run_id: 'r' }, 0).state;
    state = step(blueprint, state, ev.started(), 0).state;
    state = step(blueprint, state, ev.consent(true), 1).state;
    const result = step(blueprint, state, ev.answer({ fields: { n: 5 } }), 2);
    const record = result.actions.find((a) => a.type === 'record_response');
    expect(record).toBeDefined();
    if (record?.type === 'record_response') {
      record.response.fields.n = 99;
      expect(result.state.answers.q?.fields.n).toBe(5);
    }
  });
});
