import { describe, expect, it } from 'vitest';
import type { Blueprint } from '../../src/blueprint/schema.js';
import type { EngineEvent } from '../../src/engine/types.js';
import { bp, Driver, ev } from './helpers.js';

/**
 * Event × waiting-node-type table: the run waits at a node of each type that can wait for input (the
 * four answer-taking types, and a consent node), and every event type is sent.
 */
const waitingNodes: Record<string, Record<string, unknown>> = {
  question: { type: 'question', key: 'k', text: 'Q?' },
  choice: { type: 'choice', key: 'k', text: 'Q?', options: ['a', 'b'] },
  rating: { type: 'rating', key: 'k', text: 'Q?', scale: { min: 1, max: 5 } },
  yes_no: { type: 'yes_no', key: 'k', text: 'Q?' },
  consent: { type: 'consent', text: 'OK?' },
};

function blueprintWaitingAt(type: string): Blueprint {
  return bp({
    graph: {
      entry_node: 'w',
      nodes: {
        w: waitingNodes[type] as never,
        next: { type: 'statement', text: 'Next' },
        done: { type: 'end' },
      },
      edges: [
        { from: 'w', to: 'next' },
        { from: 'next', to: 'done' },
      ],
    },
  });
}

const ROUTE_TO_END = [
  'node_entered',
  'progress',
  'say:statement',
  'node_entered',
  'say:outro',
  'progress',
  'end',
];

const events: [string, EngineEvent][] = [
  ['answered (met)', ev.answer()],
  ['answered (probe)', ev.answer({ probe: { technique: 'example', reason: 'r' } })],
  ['declined refused', ev.decline('refused')],
  ['declined skip', ev.decline('skip')],
  ['declined dont_know', ev.decline('dont_know')],
  ['consent given', ev.consent(true)],
  ['consent refused', ev.consent(false)],
  ['repeat_requested', ev.repeat()],
  ['silence_timeout', ev.silence()],
  ['tick', ev.tick()],
  ['end_requested', ev.end()],
  ['participant_left', ev.left()],
  ['session_resumed', ev.resumed()],
  ['session_started', ev.started()],
];

const ENDED = ['say:outro', 'progress', 'end'];

function expected(type: string, name: string): string[] {
  if (type === 'consent') {
    switch (name) {
      case 'consent given':
        return ROUTE_TO_END;
      case 'consent refused':
      case 'declined refused':
      case 'end_requested':
        return ENDED;
      case 'tick':
      case 'participant_left':
        return [];
      case 'silence_timeout':
        return ['say:idle_prompt'];
      case 'session_resumed':
      case 'session_started':
        return ['say:welcome_back', 'say:consent_request'];
      default:
        return ['say:consent_request'];
    }
  }
  switch (name) {
    case 'answered (met)':
    case 'declined refused':
      return ['record_response', ...ROUTE_TO_END];
    case 'answered (probe)':
    case 'declined skip':
    case 'declined dont_know':
      return ['follow_up'];
    case 'repeat_requested':
      return ['ask'];
    case 'silence_timeout':
      return ['say:idle_prompt'];
    case 'end_requested':
      return ENDED;
    case 'session_resumed':
    case 'session_started':
      return ['say:welcome_back', 'ask'];
    default:
      return [];
  }
}

describe.each(Object.keys(waitingNodes))('waiting at a %s node', (type) => {
  it.each(events)('%s', (name, event) => {
    const d = new Driver(blueprintWaitingAt(type));
    d.send(ev.started());
    expect(d.state.current_node).toBe('w');
    d.send(event);
    expect(d.types()).toEqual(expected(type, name));
    expect(d.state.steps).toBe(2);
    if (expected(type, name).includes('end')) expect(d.state.status).toBe('ended');
    else expect(d.state.status).not.toBe('ended');
  });
});
