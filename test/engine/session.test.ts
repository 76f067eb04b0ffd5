import { describe, expect, it } from 'vitest';
import { start } from '../../src/engine/index.js';
import { DEFAULT_TEXTS } from '../../src/engine/texts.js';
import { bp, Driver, ev, linear } from './helpers.js';

describe('start', () => {
  const blueprint = bp({
    variables: [
      { name: 'competitor', default: 'Acme' },
      { name: 'region', default: 'EU' },
      { name: 'plain' },
    ],
    graph: { entry_node: 'done', nodes: { done: { type: 'end' } } },
  });

  it('returns a not_started state with variable defaults and no actions', () => {
    const { state, actions } = start(blueprint, { run_id: 'r', vars: { region: 'US' } }, 123);
    expect(actions).toEqual([]);
    expect(state.status).toBe('not_started');
    expect(state.run.vars).toEqual({ competitor: 'Acme', region: 'US' });
    expect(state.run.limits.max_silence_prompts).toBe(1);
    expect(state.started_at).toBeNull();
    expect(state.current_node).toBeNull();
    expect(state.consent).toBe('not_required');
    expect(state.blueprint_id).toBe('test');
    expect(state.blueprint_version).toBe(1);
  });

  it('marks consent pending when the settings require it', () => {
    const b = bp({
      settings: { consent: true },
      graph: { entry_node: 'done', nodes: { done: { type: 'end' } } },
    });
    expect(start(b, { run_id: 'r' }, 0).state.consent).toBe('pending');
  });

  it('rejects an invalid run context', () => {
    expect(() => start(blueprint, { run_id: '' }, 0)).toThrow();
  });
});

describe('session_started', () => {
  it('says the rendered intro, then enters the entry question', () => {
    const d = new Driver(linear({}, { intro_message: 'Hi {{participant.name}} from {{vars.co}}' }), {
      participant: { name: 'Dana' },
      vars: { co: 'Acme' },
    });
    d.send(ev.started(), 5000);
    expect(d.types()).toEqual(['say:intro', 'node_entered', 'progress', 'ask']);
    expect(d.actions[0]).toMatchObject({ text: 'Hi Dana from Acme' });
    expect(d.find('ask')).toMatchObject({
      node_id: 'q1',
      key: 'first',
      node_type: 'question',
      repeat: false,
    });
    expect(d.state).toMatchObject({
      status: 'active',
      current_node: 'q1',
      started_at: 5000,
      session_count: 1,
      path_taken: ['q1'],
      visits: { q1: 1 },
    });
  });

  it('uses a default intro naming the participant', () => {
    const d = new Driver(linear(), { participant: { name: 'Dana' } });
    d.send(ev.started());
    expect(d.actions[0]).toMatchObject({ kind: 'intro', text: expect.stringMatching(/^Hello Dana, /) });
    const anon = new Driver(linear());
    anon.send(ev.started());
    expect(anon.actions[0]).toMatchObject({ text: expect.stringMatching(/^Hello, thank you/) });
  });

  it('treats session_resumed before any start as the start', () => {
    const d = new Driver(linear());
    d.send(ev.resumed());
    expect(d.types()).toEqual(['say:intro', 'node_entered', 'progress', 'ask']);
  });

  it('asks for consent first when settings.consent is true', () => {
    const d = new Driver(linear({}, { consent: true }));
    d.send(ev.started());
    expect(d.types()).toEqual(['say:intro', 'say:consent_request']);
    expect(d.state.status).toBe('awaiting_consent');
    expect(d.state.current_node).toBeNull();
    d.send(ev.consent(true));
    expect(d.types()).toEqual(['node_entered', 'progress', 'ask']);
    expect(d.state).toMatchObject({ status: 'active', consent: 'given', current_node: 'q1' });
  });

  it('ends with consent_refused when consent is refused', () => {
    const d = new Driver(linear({}, { consent: true, outro_message: 'Thanks for your insights!' }));
    d.send(ev.started());
    d.send(ev.consent(false));
    expect(d.types()).toEqual(['say:outro', 'progress', 'end']);
    expect(d.actions[0]).toMatchObject({ text: DEFAULT_TEXTS.consent_refused });
    expect(d.find('end')).toEqual({ type: 'end', reason: 'consent_refused' });
    expect(d.state).toMatchObject({ status: 'ended', consent: 'refused', end_reason: 'consent_refused' });
  });

  it('a declined(refused) while awaiting consent refuses consent; other input re-asks', () => {
    const d = new Driver(linear({}, { consent: true }));
    d.send(ev.started());
    d.send(ev.answer());
    expect(d.types()).toEqual(['say:consent_request']);
    d.send(ev.decline('refused'));
    expect(d.find('end')).toEqual({ type: 'end', reason: 'consent_refused' });
  });

  it('ambiguity twice at the consent ends it as not given; clarifications are capped at 3', () => {
    const d = new Driver(linear({}, { consent: true }));
    d.send(ev.started());
    d.send(ev.answer());
    expect(d.types()).toEqual(['say:consent_request']);
    d.send(ev.decline('dont_know'));
    expect(d.find('end')).toEqual({ type: 'end', reason: 'consent_refused' });
    expect(d.state.consent).toBe('refused');

    const c = new Driver(linear({}, { consent: true }));
    c.send(ev.started());
    for (let i = 0; i < 3; i++) {
      c.send({ type: 'repeat_requested', reason: 'clarify' });
      expect(c.types()).toEqual(['say:consent_request']);
    }
    c.send({ type: 'repeat_requested', reason: 'clarify' });
    expect(c.find('end')).toEqual({ type: 'end', reason: 'consent_refused' });
  });

  it('silence twice at the consent ends it as not given', () => {
    const d = new Driver(linear({}, { consent: true }));
    d.send(ev.started());
    d.send({ type: 'silence_timeout' });
    expect(d.types()).toEqual(['say:idle_prompt']);
    d.send({ type: 'silence_timeout' });
    expect(d.find('end')).toEqual({ type: 'end', reason: 'consent_refused' });
  });

  const withConsentNode = (settingsConsent: boolean) =>
    bp({
      settings: { consent: settingsConsent },
      graph: {
        entry_node: 'hello',
        nodes: {
          hello: { type: 'statement', text: 'Welcome.' },
          ok: { type: 'consent', text: 'We record this. OK?' },
          q1: { type: 'question', key: 'first', text: 'First?' },
          done: { type: 'end', text: 'Bye.' },
        },
        edges: [
          { from: 'hello', to: 'ok' },
          { from: 'ok', to: 'q1' },
          { from: 'q1', to: 'done' },
        ],
      },
    });

  it('a consent node speaks its own text and waits; given → continues along its edges', () => {
    const d = new Driver(withConsentNode(false));
    d.send(ev.started());
    expect(d.types()).toEqual([
      'say:intro',
      'node_entered',
      'progress',
      'say:statement',
      'node_entered',
      'progress',
      'say:consent_request',
    ]);
    expect(d.actions.at(-1)).toMatchObject({ text: 'We record this. OK?', node_id: 'ok' });
    expect(d.state).toMatchObject({ status: 'awaiting_consent', current_node: 'ok', consent: 'pending' });
    d.send(ev.consent(true));
    expect(d.types()).toEqual(['node_entered', 'progress', 'ask']);
    expect(d.state.path_taken).toEqual(['hello', 'ok', 'q1']);
  });

  it('a consent node after consent was already given passes through silently', () => {
    const d = new Driver(withConsentNode(true));
    d.send(ev.started());
    expect(d.types()).toEqual(['say:intro', 'say:consent_request']);
    d.send(ev.consent(true));
    expect(d.types()).toEqual([
      'node_entered',
      'progress',
      'say:statement',
      'node_entered',
      'progress',
      'node_entered',
      'progress',
      'ask',
    ]);
    expect(d.state.current_node).toBe('q1');
  });

  it('an entry consent node is asked once even when settings.consent is true', () => {
    const b = bp({
      settings: { consent: true },
      graph: {
        entry_node: 'ok',
        nodes: { ok: { type: 'consent', text: 'OK?' }, done: { type: 'end' } },
        edges: [{ from: 'ok', to: 'done' }],
      },
    });
    const d = new Driver(b);
    d.send(ev.started());
    expect(d.types()).toEqual(['say:intro', 'node_entered', 'progress', 'say:consent_request']);
    d.send(ev.consent(true));
    expect(d.types()).toEqual(['node_entered', 'say:outro', 'progress', 'end']);
  });

  it('an entry end node completes immediately with its text', () => {
    const b = bp({
      graph: { entry_node: 'done', nodes: { done: { type: 'end', text: 'Bye {{participant.name}}' } } },
    });
    const d = new Driver(b, { participant: { name: 'Al' } });
    d.send(ev.started());
    expect(d.types()).toEqual(['say:intro', 'node_entered', 'say:outro', 'progress', 'end']);
    expect(d.find('say')).toMatchObject({ kind: 'intro' });
    expect(d.actions[2]).toMatchObject({ text: 'Bye Al', node_id: 'done' });
    expect(d.find('end')?.reason).toBe('completed');
  });

  it('a second session_started is a resume', () => {
    const d = new Driver(linear());
    d.send(ev.started());
    d.send(ev.started());
    expect(d.types()).toEqual(['say:welcome_back', 'ask']);
    expect(d.state.session_count).toBe(2);
  });
});

describe('ask actions per node type', () => {
  const b = bp({
    graph: {
      entry_node: 'c',
      nodes: {
        c: { type: 'choice', key: 'pick', text: 'Pick one', options: ['{{vars.a}}', 'B'], multiple: true },
        r: { type: 'rating', key: 'rate', text: 'Rate it', scale: { min: 0, max: 10 } },
        y: { type: 'yes_no', key: 'yn', text: 'Yes or no?' },
        done: { type: 'end' },
      },
      edges: [
        { from: 'c', to: 'r' },
        { from: 'r', to: 'y' },
        { from: 'y', to: 'done' },
      ],
    },
  });
  it('choice has rendered options, rating a scale, yes_no yes/no options', () => {
    const d = new Driver(b, { vars: { a: 'Alpha' } });
    d.send(ev.started());
    expect(d.find('ask')).toEqual({
      type: 'ask',
      node_id: 'c',
      key: 'pick',
      node_type: 'choice',
      text: 'Pick one',
      options: ['Alpha', 'B'],
      repeat: false,
    });
    d.send(ev.answer({ value: ['Alpha'] }));
    expect(d.find('ask')).toEqual({
      type: 'ask',
      node_id: 'r',
      key: 'rate',
      node_type: 'rating',
      text: 'Rate it',
      scale: { min: 0, max: 10 },
      repeat: false,
    });
    d.send(ev.answer({ value: 9 }));
    expect(d.find('ask')).toMatchObject({ node_type: 'yes_no', options: ['yes', 'no'] });
    d.send(ev.answer({ value: true }));
    expect(d.state.answers).toMatchObject({ c: { value: ['Alpha'] }, r: { value: 9 }, y: { value: true } });
  });
});
