import { describe, expect, it } from 'vitest';
import type { AnswerRecord, EngineState } from '../../../src/engine/types.js';
import { buildResponses, extractiveSummary } from '../../../src/analysis/responses/build.js';
import { responsesSchema } from '../../../src/analysis/responses/types.js';
import { loadFixture } from '../../fixtures/transcripts/index.js';

const fixture = loadFixture('recruiting-screen');
const { blueprint, entries } = fixture;

function record(node_id: string, key: string, over: Partial<AnswerRecord> = {}): AnswerRecord {
  return {
    node_id,
    key,
    status: 'answered',
    fields: {},
    objective_met: true,
    follow_ups: 0,
    probing_complete: true,
    turns: [],
    answered_at: 0,
    ...over,
  };
}

/** The engine's state at the end of the screen: the candidate declined salary; relocation never reached. */
function finalState(): EngineState {
  return {
    run: { run_id: 'run_rs01', participant: {}, vars: {}, limits: { max_silence_prompts: 1 } },
    blueprint_id: blueprint.id,
    blueprint_version: 1,
    status: 'ended',
    current_node: null,
    current_follow_ups: 0,
    visits: { intro: 1, background: 1, system_design: 1, incident: 1, salary: 1, notice: 1 },
    answers: {
      background: record('background', 'background', {
        summary: 'Seven years backend; Go, PostgreSQL, Kafka.',
        turns: [3],
      }),
      system_design: record('system_design', 'system_design', {
        summary: 'Built queue-based payment orchestration.',
        follow_ups: 1,
        turns: [5, 7],
      }),
      incident: record('incident', 'incident', { follow_ups: 1, probing_complete: false, turns: [9, 11] }),
      salary: record('salary', 'salary_expectations', {
        status: 'declined',
        decline_reason: 'refused',
        objective_met: false,
        turns: [13],
      }),
      notice: record('notice', 'notice_period', { fields: { weeks: 4 }, value: '4 weeks', turns: [15] }),
    },
    probe_ledger: [],
    path_taken: ['intro', 'background', 'system_design', 'incident', 'salary', 'notice', 'end'],
    consent: 'not_required',
    silence_prompts: 0,
    session_count: 1,
    started_at: 0,
    last_activity_at: 0,
    ended_at: 1,
    end_reason: 'completed',
    steps: 20,
  };
}

describe('buildResponses', () => {
  it('builds one item per answer-taking node with statuses from the engine', () => {
    const r = buildResponses({ blueprint, state: finalState(), transcript: entries });
    expect(responsesSchema.parse(r)).toEqual(r);
    expect(r.items.map((i) => [i.node_id, i.question_key, i.status, i.answered])).toEqual([
      ['background', 'background', 'answered', true],
      ['system_design', 'system_design', 'answered', true],
      ['incident', 'incident', 'answered', true],
      ['salary', 'salary_expectations', 'declined', false],
      ['notice', 'notice_period', 'answered', true],
      ['relocation', 'relocation', 'not_reached', false],
    ]);
    expect(r.path_taken).toEqual([
      'intro',
      'background',
      'system_design',
      'incident',
      'salary',
      'notice',
      'end',
    ]);
  });

  it('collects the verbatim answer and its transcript entry ids', () => {
    const r = buildResponses({ blueprint, state: finalState(), transcript: entries });
    const design = r.items.find((i) => i.node_id === 'system_design')!;
    expect(design.answer!.transcript_entry_ids).toEqual(['run_rs01_t05', 'run_rs01_t07']);
    const t5 = entries.find((e) => e.id === 'run_rs01_t05')!.content;
    const t7 = entries.find((e) => e.id === 'run_rs01_t07')!.content;
    expect(design.answer!.verbatim).toBe(`${t5} ${t7}`);
    expect(design.answer!.summary).toBe('Built queue-based payment orchestration.');
    expect(design.follow_ups_asked).toBe(1);
    expect(design.probing_complete).toBe(true);
    expect(design.question_text).toBe('Tell me about a system you designed or scaled.');
    expect(design.node_type).toBe('question');

    // No engine summary: an extractive one from the participant's own words.
    const incident = r.items.find((i) => i.node_id === 'incident')!;
    expect(incident.answer!.summary).toBe(
      'Last Black Friday our Kafka consumers fell behind and payment confirmations were delayed by almost forty minutes.',
    );
    expect(incident.probing_complete).toBe(false);

    const salary = r.items.find((i) => i.node_id === 'salary')!;
    expect(salary.decline_reason).toBe('refused');
    expect(salary.answer!.transcript_entry_ids).toEqual(['run_rs01_t13']);

    const notice = r.items.find((i) => i.node_id === 'notice')!;
    expect(notice.value).toBe('4 weeks');
    expect(notice.captured_fields).toEqual({ weeks: 4 });

    const relocation = r.items.find((i) => i.node_id === 'relocation')!;
    expect(relocation.answer).toBeNull();
    expect(relocation.value).toBeNull();
    expect(relocation.required).toBe(false);
    expect(relocation.follow_ups_asked).toBe(0);
  });

  it('computes completion over required questions, reached or not', () => {
    // Required: background, system_design, incident, salary, notice (relocation is optional).
    const r = buildResponses({ blueprint, state: finalState(), transcript: entries });
    expect(r.completion_rate).toBe(0.8); // salary declined
    // The interview cut short after the incident question: notice never reached.
    const cut = entries.filter((e) => e.turn_number <= 11);
    const state = finalState();
    delete state.answers.salary;
    delete state.answers.notice;
    state.visits = { intro: 1, background: 1, system_design: 1, incident: 1 };
    state.path_taken = ['intro', 'background', 'system_design', 'incident'];
    const r2 = buildResponses({ blueprint, state, transcript: cut });
    expect(r2.items.filter((i) => i.status === 'not_reached').map((i) => i.node_id)).toEqual([
      'salary',
      'notice',
      'relocation',
    ]);
    expect(r2.completion_rate).toBe(0.6);
  });

  it('derives everything from the transcript when there is no engine state', () => {
    const r = buildResponses({ blueprint, state: null, transcript: entries });
    expect(r.items.map((i) => i.status)).toEqual([
      'answered',
      'answered',
      'answered',
      'answered', // without the engine a refusal is indistinguishable from an answer
      'answered',
      'not_reached',
    ]);
    expect(r.path_taken).toEqual([
      'intro',
      'background',
      'system_design',
      'incident',
      'salary',
      'notice',
      'end',
    ]);
    expect(r.items.find((i) => i.node_id === 'system_design')!.follow_ups_asked).toBe(1);
    expect(r.completion_rate).toBe(1);
    // A node where the agent asked but the participant never answered is skipped.
    const noAnswer = entries.filter((e) => !(e.node_id === 'notice' && e.role === 'participant'));
    const r2 = buildResponses({ blueprint, state: null, transcript: noAnswer });
    const notice = r2.items.find((i) => i.node_id === 'notice')!;
    expect(notice.status).toBe('skipped');
    expect(notice.answer).toBeNull();
    expect(r2.completion_rate).toBe(0.8);
  });

  it('handles an empty transcript and a blueprint without questions', () => {
    const r = buildResponses({ blueprint, state: null, transcript: [] });
    expect(r.items.every((i) => i.status === 'not_reached')).toBe(true);
    expect(r.completion_rate).toBe(0);
    expect(r.path_taken).toEqual([]);
    const bare = {
      ...blueprint,
      graph: {
        ...blueprint.graph,
        nodes: { intro: blueprint.graph.nodes.intro!, end: blueprint.graph.nodes.end! },
      },
    };
    expect(buildResponses({ blueprint: bare, state: null, transcript: [] })).toEqual({
      items: [],
      path_taken: [],
      completion_rate: 1,
    });
  });

  it('summarises extractively', () => {
    expect(extractiveSummary('')).toBe('');
    expect(
      extractiveSummary(
        'Sure. I ran the cold chain network for the northeast region for six years. Then more.',
      ),
    ).toBe('Sure. I ran the cold chain network for the northeast region for six years.');
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') + '.';
    const s = extractiveSummary(long);
    expect(s.endsWith('…')).toBe(true);
    expect(s.split(' ')).toHaveLength(40);
  });
});
