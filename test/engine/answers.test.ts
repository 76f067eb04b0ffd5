import { describe, expect, it } from 'vitest';
import { bp, Driver, ev, linear } from './helpers.js';

function begin(q1: Record<string, unknown> = {}, run = {}) {
  const d = new Driver(linear(q1), run);
  d.send(ev.started());
  return d;
}

describe('answered: probing', () => {
  it('an answer with the objective met and no probe completes the node and routes on', () => {
    const d = begin();
    d.send(ev.answer({ fields: { a: 1 }, summary: 'sum' }, 3));
    expect(d.types()).toEqual(['record_response', 'node_entered', 'progress', 'ask']);
    expect(d.find('record_response')?.response).toEqual({
      node_id: 'q1',
      key: 'first',
      status: 'answered',
      fields: { a: 1 },
      objective_met: true,
      follow_ups: 0,
      probing_complete: true,
      summary: 'sum',
      turns: [3],
      answered_at: d.now,
    });
    expect(d.state.current_node).toBe('q2');
  });

  it('a suggested probe within budget asks a follow-up and records it in the ledger', () => {
    const d = begin({ probing: { max_follow_ups: 2, techniques: [] } });
    d.send(ev.answer({ probe: { technique: 'example', reason: 'vague' } }, 4), 9000);
    expect(d.types()).toEqual(['follow_up']);
    expect(d.find('follow_up')).toEqual({
      type: 'follow_up',
      node_id: 'q1',
      key: 'first',
      technique: 'example',
      reason: 'vague',
      index: 1,
      question_text: 'First?',
    });
    expect(d.state.probe_ledger).toEqual([
      { node_id: 'q1', key: 'first', technique: 'example', reason: 'vague', index: 1, turn: 4, at: 9000 },
    ]);
    expect(d.state.current_follow_ups).toBe(1);
    expect(d.state.answers.q1).toMatchObject({ status: 'answered', follow_ups: 1, probing_complete: false });
  });

  it('a technique not allowed at the node becomes the first allowed technique', () => {
    const d = begin({ probing: { techniques: ['laddering', 'contrast'] } });
    d.send(ev.answer({ probe: { technique: 'example', reason: 'r' } }));
    expect(d.find('follow_up')?.technique).toBe('laddering');
    d.send(ev.answer({ probe: { technique: 'contrast', reason: 'r' } }));
    expect(d.find('follow_up')?.technique).toBe('contrast');
  });

  it('an unmet objective without a probe follows up (first allowed technique, else clarify)', () => {
    const d = begin();
    d.send(ev.answer({ objective_met: false }));
    expect(d.find('follow_up')).toMatchObject({ technique: 'clarify', reason: 'objective not met' });
    const d2 = begin({ probing: { techniques: ['quantify'] } });
    d2.send(ev.answer({ objective_met: false }));
    expect(d2.find('follow_up')?.technique).toBe('quantify');
  });

  it('stops at the node budget: the node completes with probing_complete from the budget', () => {
    const d = begin({ probing: { max_follow_ups: 2 } });
    const probe = { technique: 'clarify' as const, reason: 'more' };
    d.send(ev.answer({ objective_met: false, probe }));
    d.send(ev.answer({ objective_met: false, probe }));
    expect(d.state.current_follow_ups).toBe(2);
    d.send(ev.answer({ objective_met: false, probe }));
    expect(d.types()[0]).toBe('record_response');
    expect(d.find('record_response')?.response).toMatchObject({
      follow_ups: 2,
      objective_met: false,
      probing_complete: true,
    });
    expect(d.state.probe_ledger.map((e) => e.index)).toEqual([1, 2]);
  });

  it('the agent limit wins when smaller than the node budget', () => {
    const d = begin({ probing: { max_follow_ups: 3 } }, { limits: { max_follow_ups_per_question: 1 } });
    const probe = { technique: 'clarify' as const, reason: 'more' };
    d.send(ev.answer({ probe }));
    expect(d.types()).toEqual(['follow_up']);
    d.send(ev.answer({ probe }));
    expect(d.types()[0]).toBe('record_response');
  });

  it('the node budget wins when smaller than the agent limit', () => {
    const d = begin({ probing: { max_follow_ups: 0 } }, { limits: { max_follow_ups_per_question: 5 } });
    d.send(ev.answer({ probe: { technique: 'clarify', reason: 'x' } }));
    expect(d.types()[0]).toBe('record_response');
  });

  it('disabled probing never follows up', () => {
    const d = begin({ probing: { enabled: false, max_follow_ups: 5 } });
    d.send(ev.answer({ objective_met: false, probe: { technique: 'clarify', reason: 'x' } }));
    expect(d.types()[0]).toBe('record_response');
    expect(d.find('record_response')?.response.probing_complete).toBe(true);
  });

  it('merges answers across follow-ups: fields accumulate, later values overwrite', () => {
    const d = begin();
    d.send(
      ev.answer(
        { fields: { a: 1, b: 'x' }, value: 'v1', summary: 's1', probe: { technique: 'echo', reason: 'r' } },
        1,
      ),
    );
    d.send(ev.answer({ fields: { b: 'y', c: true } }, 3));
    expect(d.find('record_response')?.response).toMatchObject({
      fields: { a: 1, b: 'y', c: true },
      value: 'v1',
      summary: 's1',
      turns: [1, 3],
      follow_ups: 1,
      probing_complete: true,
    });
  });
});

describe('declined', () => {
  it.each(['skip', 'dont_know'] as const)(
    '%s on a required question is re-asked once as clarify',
    (reason) => {
      const d = begin();
      d.send(ev.decline(reason));
      expect(d.types()).toEqual(['follow_up']);
      expect(d.find('follow_up')).toMatchObject({ technique: 'clarify', index: 1 });
      expect(d.state.probe_ledger).toHaveLength(1);
      d.send(ev.decline(reason));
      expect(d.types()[0]).toBe('record_response');
      expect(d.find('record_response')?.response).toMatchObject({
        status: 'declined',
        decline_reason: reason,
        follow_ups: 1,
      });
      expect(d.state.current_node).toBe('q2');
    },
  );

  it('an answer after the clarify re-ask is recorded as answered', () => {
    const d = begin();
    d.send(ev.decline('skip'));
    d.send(ev.answer({ fields: { x: 1 } }));
    expect(d.find('record_response')?.response).toMatchObject({
      status: 'answered',
      fields: { x: 1 },
      follow_ups: 1,
    });
    expect(d.find('record_response')?.response.decline_reason).toBeUndefined();
  });

  it('refused on a required question is recorded as declined without a re-ask', () => {
    const d = begin();
    d.send(ev.decline('refused'));
    expect(d.types()).toEqual(['record_response', 'node_entered', 'progress', 'ask']);
    expect(d.find('record_response')?.response).toMatchObject({
      status: 'declined',
      decline_reason: 'refused',
    });
  });

  it('skip on a required question with no budget is declined at once', () => {
    const d = begin({ probing: { max_follow_ups: 0 } });
    d.send(ev.decline('skip'));
    expect(d.find('record_response')?.response.status).toBe('declined');
  });

  it.each(['refused', 'skip', 'dont_know'] as const)(
    '%s on an optional question is recorded as skipped',
    (reason) => {
      const d = begin({ required: false });
      d.send(ev.decline(reason));
      expect(d.types()).toEqual(['record_response', 'node_entered', 'progress', 'ask']);
      expect(d.find('record_response')?.response).toMatchObject({
        status: 'skipped',
        decline_reason: reason,
      });
    },
  );

  it('declining a follow-up keeps the answer and completes the node', () => {
    const d = begin();
    d.send(ev.answer({ fields: { a: 1 }, probe: { technique: 'example', reason: 'r' } }, 1));
    d.send({ type: 'declined', reason: 'skip', turn: 3 });
    expect(d.find('record_response')?.response).toMatchObject({
      status: 'answered',
      fields: { a: 1 },
      turns: [1, 3],
      follow_ups: 1,
    });
    expect(d.state.current_node).toBe('q2');
  });
});

describe('routing', () => {
  const branching = (edges: unknown[], extra: Record<string, unknown> = {}) =>
    bp({
      graph: {
        entry_node: 'q',
        nodes: {
          q: { type: 'question', key: 'q', text: 'Q?', capture: { n: { type: 'number' } } },
          a: { type: 'question', key: 'a', text: 'A?' },
          b: { type: 'question', key: 'b', text: 'B?' },
          c: { type: 'question', key: 'c', text: 'C?' },
          done: { type: 'end' },
          ...extra,
        } as never,
        edges: edges as never,
      },
    });

  it('takes the highest-priority edge whose condition holds', () => {
    const b = branching([
      { from: 'q', to: 'a' },
      {
        from: 'q',
        to: 'b',
        priority: 5,
        condition: { type: 'structured', field: 'q.n', operator: 'gt', value: 10 },
      },
      { from: 'q', to: 'c', priority: 1 },
    ]);
    const high = new Driver(b);
    high.send(ev.started());
    high.send(ev.answer({ fields: { n: 11 } }));
    expect(high.state.current_node).toBe('b');
    const low = new Driver(b);
    low.send(ev.started());
    low.send(ev.answer({ fields: { n: 3 } }));
    expect(low.state.current_node).toBe('c');
  });

  it('breaks priority ties by file order', () => {
    const b = branching([
      { from: 'q', to: 'b' },
      { from: 'q', to: 'a' },
    ]);
    const d = new Driver(b);
    d.send(ev.started());
    d.send(ev.answer());
    expect(d.state.current_node).toBe('b');
  });

  it('skips a target whose visits reached max_visits and loops within max_visits', () => {
    const b = bp({
      graph: {
        entry_node: 'q',
        nodes: {
          q: { type: 'question', key: 'q', text: 'Again?', max_visits: 2, probing: { max_follow_ups: 0 } },
          done: { type: 'end', text: 'Bye' },
        },
        edges: [
          { from: 'q', to: 'q', priority: 1 },
          { from: 'q', to: 'done' },
        ],
      },
    });
    const d = new Driver(b);
    d.send(ev.started());
    d.send(ev.answer({ fields: { a: 1 } }, 1));
    expect(d.state.current_node).toBe('q');
    expect(d.state.visits.q).toBe(2);
    d.send(ev.answer({ fields: { b: 2 } }, 2));
    expect(d.state.status).toBe('ended');
    expect(d.state.path_taken).toEqual(['q', 'q', 'done']);
    expect(d.state.answers.q).toMatchObject({ fields: { a: 1, b: 2 }, turns: [1, 2] });
  });

  it('ends completed with the default outro when no edge is usable', () => {
    const b = branching([
      { from: 'q', to: 'a', condition: { type: 'structured', field: 'q.n', operator: 'exists' } },
    ]);
    const d = new Driver(b);
    d.send(ev.started());
    d.send(ev.answer());
    expect(d.types()).toEqual(['record_response', 'say:outro', 'progress', 'end']);
    expect(d.state.end_reason).toBe('completed');
  });

  it('statements auto-advance and end nodes say their text', () => {
    const b = bp({
      settings: { outro_message: 'Generic outro' },
      graph: {
        entry_node: 's1',
        nodes: {
          s1: { type: 'statement', text: 'One' },
          s2: { type: 'statement', text: 'Two {{vars.x}}' },
          done: { type: 'end', text: 'Specific outro' },
        },
        edges: [
          { from: 's1', to: 's2' },
          { from: 's2', to: 'done' },
        ],
      },
    });
    const d = new Driver(b, { vars: { x: 'X' } });
    d.send(ev.started());
    const says = d.actions.filter((a) => a.type === 'say').map((a) => (a.type === 'say' ? a.text : ''));
    expect(says.slice(1)).toEqual(['One', 'Two X', 'Specific outro']);
    expect(d.state.path_taken).toEqual(['s1', 's2', 'done']);
  });

  it('an end node without text uses settings.outro_message', () => {
    const d = new Driver(linear({}, { outro_message: 'Thanks {{participant.name}}' }), {
      participant: { name: 'Z' },
    });
    d.send(ev.started());
    d.send(ev.answer());
    d.send(ev.answer());
    expect(d.actions.find((a) => a.type === 'say')).toMatchObject({ kind: 'outro', text: 'Thanks Z' });
  });

  it('conditions see answered/skipped state of earlier nodes', () => {
    const b = bp({
      graph: {
        entry_node: 'q',
        nodes: {
          q: { type: 'question', key: 'q', text: 'Q?', required: false },
          a: { type: 'question', key: 'a', text: 'A?' },
          b: { type: 'question', key: 'b', text: 'B?' },
        },
        edges: [
          { from: 'q', to: 'a', condition: { type: 'skipped', node: 'q' } },
          { from: 'q', to: 'b' },
        ],
      },
    });
    const d = new Driver(b);
    d.send(ev.started());
    d.send(ev.decline('skip'));
    expect(d.state.current_node).toBe('a');
  });
});
