import { describe, expect, it } from 'vitest';
import { decisiveEdges } from '../../src/blueprint/decisive.js';
import { UNCERTAIN_CONFIDENCE } from '../../src/engine/confidence.js';
import type { EngineEvent } from '../../src/engine/types.js';
import { assessmentSchema } from '../../src/engine/types.js';
import { bp, Driver, ev } from './helpers.js';

/** A screen: ties? yes → knocked out (end), no → experience (required) → done. */
function screen(confirm?: 'uncertain' | 'always' | 'never') {
  return bp({
    graph: {
      entry_node: 'ties',
      nodes: {
        ties: {
          type: 'yes_no',
          key: 'ties',
          text: 'Do you have any ties to that company?',
          probing: { enabled: false },
        },
        experience: {
          type: 'question',
          key: 'experience',
          text: 'Tell me about your experience.',
          probing: { enabled: false },
        },
        out: { type: 'end', text: 'Thanks, that is all.' },
        done: { type: 'end' },
      },
      edges: [
        {
          from: 'ties',
          to: 'out',
          priority: 1,
          condition: { type: 'structured', field: 'ties.value', operator: 'eq', value: true },
          ...(confirm !== undefined ? { confirm } : {}),
        },
        { from: 'ties', to: 'experience' },
        { from: 'experience', to: 'done' },
      ],
    },
  });
}

const yes = (confidence?: number, turn?: number): EngineEvent => ({
  type: 'answered',
  text: 'I guess, sort of',
  assessment: assessmentSchema.parse({ objective_met: true, value: true }),
  ...(confidence !== undefined ? { confidence } : {}),
  ...(turn !== undefined ? { turn } : {}),
});

describe('decisive edges', () => {
  it('an edge into an end node with a sibling is decisive; a lone edge and the main branch are not', () => {
    expect(decisiveEdges(screen())).toEqual([true, false, false]);
  });

  it('an edge that skips a required question is decisive', () => {
    const b = bp({
      graph: {
        entry_node: 'a',
        nodes: {
          a: { type: 'yes_no', key: 'a', text: 'A?' },
          b: { type: 'question', key: 'b', text: 'B?' },
          c: { type: 'question', key: 'c', text: 'C?' },
          done: { type: 'end' },
        },
        edges: [
          {
            from: 'a',
            to: 'c',
            condition: { type: 'structured', field: 'a.value', operator: 'eq', value: false },
          },
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: 'done' },
        ],
      },
    });
    expect(decisiveEdges(b)).toEqual([true, false, false, false]);
  });
});

describe('confirmation before a decisive route', () => {
  it('an uncertain answer on a decisive edge is confirmed first; a yes routes on it', () => {
    const d = new Driver(screen());
    d.send(ev.started());
    d.send(yes(0.5, 1));
    expect(d.types()).toEqual(['ask_confirmation']);
    expect(d.find('ask_confirmation')).toMatchObject({
      node_id: 'ties',
      value: true,
      to: 'out',
      repeat: false,
    });
    expect(d.state.current_node).toBe('ties');
    expect(d.state.confirmations).toHaveLength(1);
    expect(d.state.confirmations?.[0]).toMatchObject({ outcome: 'pending', confidence: 0.5, turn: 1 });
    d.send({ type: 'confirmation', confirmed: true, turn: 3 });
    expect(d.types()).toEqual(['record_response', 'node_entered', 'say:outro', 'progress', 'end']);
    expect(d.state.path_taken).toEqual(['ties', 'out']);
    expect(d.state.confirmations?.[0]).toMatchObject({ outcome: 'confirmed', reply_turn: 3 });
    expect(d.state.pending_confirmation).toBeUndefined();
  });

  it('a denial clears the value and asks the question again; the next answer routes without a second confirmation', () => {
    const d = new Driver(screen());
    d.send(ev.started());
    d.send(yes(0.4));
    d.send({ type: 'confirmation', confirmed: false });
    expect(d.types()).toEqual(['ask']);
    expect(d.find('ask')).toMatchObject({ node_id: 'ties', repeat: true });
    expect(d.state.answers.ties?.value).toBeUndefined();
    expect(d.state.confirmations?.[0]?.outcome).toBe('denied');
    d.send(yes(0.4));
    expect(d.types()).not.toContain('ask_confirmation');
    expect(d.state.path_taken).toEqual(['ties', 'out']);
  });

  it('a certain answer, a non-decisive edge and confirm: never route directly', () => {
    const d = new Driver(screen());
    d.send(ev.started());
    d.send(yes(UNCERTAIN_CONFIDENCE));
    expect(d.state.path_taken).toEqual(['ties', 'out']);

    const n = new Driver(screen('never'));
    n.send(ev.started());
    n.send(yes(0.1));
    expect(n.state.path_taken).toEqual(['ties', 'out']);

    const main = new Driver(screen());
    main.send(ev.started());
    main.send({
      ...(yes(0.1) as Extract<EngineEvent, { type: 'answered' }>),
      assessment: assessmentSchema.parse({ objective_met: true, value: false }),
    });
    expect(main.state.path_taken).toEqual(['ties', 'experience']);
  });

  it('confirm: always asks even when the answer is certain', () => {
    const d = new Driver(screen('always'));
    d.send(ev.started());
    d.send(yes());
    expect(d.types()).toEqual(['ask_confirmation']);
    expect(d.state.confirmations?.[0]?.confidence).toBe(1);
  });

  it('a repeat says the confirmation again; a new answer replaces it; a decline denies it', () => {
    const d = new Driver(screen('always'));
    d.send(ev.started());
    d.send(yes());
    d.send({ type: 'repeat_requested' });
    expect(d.find('ask_confirmation')).toMatchObject({ repeat: true });
    d.send({
      ...(yes() as Extract<EngineEvent, { type: 'answered' }>),
      assessment: assessmentSchema.parse({ objective_met: true, value: false }),
    });
    expect(d.state.path_taken).toEqual(['ties', 'experience']);
    expect(d.state.confirmations?.[0]?.outcome).toBe('denied');

    const x = new Driver(screen('always'));
    x.send(ev.started());
    x.send(yes());
    x.send(ev.decline('refused'));
    expect(x.types()).toEqual(['ask']);
    expect(x.state.confirmations?.[0]?.outcome).toBe('denied');
  });

  it('a resumed session says the pending confirmation again', () => {
    const d = new Driver(screen('always'));
    d.send(ev.started());
    d.send(yes());
    d.send(ev.resumed());
    expect(d.types()).toEqual(['say:welcome_back', 'ask_confirmation']);
  });
});
