import { describe, expect, it } from 'vitest';
import { engineStateSchema, type EngineEvent } from '../../src/engine/types.js';
import { bp, Driver, ev } from './helpers.js';

/** experience → salary → done: an answer at experience may already give the salary. */
const screen = bp({
  graph: {
    entry_node: 'experience',
    nodes: {
      experience: {
        type: 'question',
        key: 'experience',
        text: 'How many years of experience do you have?',
        capture: { years: { type: 'number', description: 'Years of experience' } },
      },
      salary: {
        type: 'question',
        key: 'salary',
        text: 'What salary are you looking for?',
        capture: { expected_salary: { type: 'number', description: 'Expected annual salary' } },
      },
      done: { type: 'end' },
    },
    edges: [
      { from: 'experience', to: 'salary' },
      { from: 'salary', to: 'done' },
    ],
  },
});

function answerWithPrefill(prefill: Record<string, Record<string, number>>): EngineEvent {
  const e = ev.answer({ fields: { years: 7 } });
  return { ...e, prefill } as EngineEvent;
}

describe('engine: answers to later questions given early', () => {
  it('keeps them, and asks that node as a brief confirmation instead of from scratch', () => {
    const d = new Driver(screen);
    d.send(ev.started());
    d.send(answerWithPrefill({ salary: { expected_salary: 140_000 } }));
    expect(d.state.prefilled).toEqual({ salary: { expected_salary: 140_000 } });
    const ask = d.find('ask');
    expect(ask?.node_id).toBe('salary');
    expect(ask?.prefilled).toEqual({ expected_salary: 140_000 });
    expect(ask?.text).toBe('You mentioned this earlier — expected annual salary: 140,000. Is that right?');
    expect(engineStateSchema.parse(d.state)).toEqual(d.state);
  });

  it('ignores the node being answered, unknown nodes and fields, and nodes already answered', () => {
    const d = new Driver(screen);
    d.send(ev.started());
    d.send(answerWithPrefill({ experience: { years: 3 }, nowhere: { x: 1 }, salary: { not_a_field: 1 } }));
    expect(d.state.prefilled).toBeUndefined();
    expect(d.find('ask')?.text).toBe('What salary are you looking for?');
  });

  it('a re-ask of a pre-filled node is the plain question', () => {
    const d = new Driver(screen);
    d.send(ev.started());
    d.send(answerWithPrefill({ salary: { expected_salary: 140_000 } }));
    d.send(ev.repeat());
    const ask = d.find('ask');
    expect(ask?.repeat).toBe(true);
    expect(ask?.prefilled).toBeUndefined();
  });
});
