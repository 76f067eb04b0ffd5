import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzer, type AnalysisInput } from '../../src/analysis/index.js';
import { buildResponses } from '../../src/analysis/responses/build.js';
import { startFakeOpenAI, chatJson, type FakeOpenAIServer } from '../fakes/openai-server.js';
import { loadFixture } from '../fixtures/transcripts/index.js';

/**
 * The LLM analyzer's prompt carries the interview per question (question text, objective, captured
 * value and fields, the turns at it), and its answer is zod-parsed (one corrective retry) with every
 * quote checked verbatim against the entry it names — over the fake OpenAI server.
 */

const now = () => Date.parse('2025-07-01T12:00:00Z');

function recruitingInput(): AnalysisInput {
  const f = loadFixture('recruiting-screen');
  const responses = buildResponses({ blueprint: f.blueprint, state: null, transcript: f.entries });
  // As the store's responses carry them: the conductor's captured fields on one question.
  const background = responses.items.find((i) => i.question_key === 'background')!;
  background.captured_fields = { years_experience: 7 };
  return {
    blueprint: f.blueprint,
    transcript: f.entries,
    responses,
    participant_name: f.participant_name,
    language: f.language,
  };
}

describe('LLM analyzer prompt structure (fake OpenAI server)', () => {
  let fake: FakeOpenAIServer;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-test' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const analyzer = () =>
    createAnalyzer({
      openaiApiKey: 'sk-test',
      openaiBaseUrl: fake.baseURL,
      assessment: { provider: 'openai', model: 'gpt-4.1-mini' },
      now,
      maxRetries: 0,
    });

  const output = (quotes: { quote: string; transcript_entry_id: string; context: string }[]) => ({
    summary: 'Backend engineer; designed a payment orchestration service.',
    themes: [{ label: 'Payment orchestration', salience: 1, evidence: ['run_rs01_t05'] }],
    sentiment: {
      overall: 'positive',
      by_question: [{ question_key: 'system_design', sentiment: 'positive' }],
    },
    quotes,
    scorecard: {
      criteria: [
        {
          key: 'distributed_systems',
          score: 4,
          evidence: ['run_rs01_t05'],
          rationale: 'Queue-based design.',
        },
      ],
    },
  });

  it('sends each question with its text, objective, captured value and the turns at it', async () => {
    fake.enqueue(chatJson(output([])));
    const input = recruitingInput();
    await analyzer().analyze(input);
    const user: string = fake.chatRequests()[0]!.body.messages[1].content;
    // One section per question reached, in the order asked, each followed by its own turns.
    const q1 = user.indexOf('Q1. background (question): ');
    const q2 = user.indexOf('Q2. system_design (question): Tell me about a system you designed');
    expect(q1).toBeGreaterThan(0);
    expect(q2).toBeGreaterThan(q1);
    const section1 = user.slice(q1, q2);
    expect(section1).toContain('Captured: status: answered · captured: {"years_experience":7}');
    expect(section1).toContain('[run_rs01_t02] Interviewer: Can you give me a quick overview');
    expect(section1).toContain("[run_rs01_t03] Participant: Yeah, of course. I've been a backend engineer");
    expect(section1).not.toContain('run_rs01_t05');
    const section2 = user.slice(q2, user.indexOf('Q3.'));
    expect(section2).toContain('[run_rs01_t06] Interviewer: What was the impact');
    expect(section2).toContain('[run_rs01_t07] Participant: Checkout latency went from');
    // The greeting is at no question: its own block; every entry appears exactly once.
    expect(user).toContain('Other turns (at no question');
    for (const e of input.transcript) expect(user.split(`[${e.id}]`)).toHaveLength(2);
    // No flat transcript any more.
    expect(user).not.toContain('Transcript (');
  });

  it('carries a node objective and a typed value when the blueprint and responses have them', async () => {
    fake.enqueue(chatJson(output([])));
    const input = recruitingInput();
    const bp = structuredClone(input.blueprint);
    const node = bp.graph.nodes['system_design']!;
    if (node.type === 'question') node.objective = 'A system they designed, its scale and trade-offs.';
    const item = input.responses!.items.find((i) => i.question_key === 'system_design')!;
    item.value = 'payments';
    await analyzer().analyze({ ...input, blueprint: bp });
    const user: string = fake.chatRequests()[0]!.body.messages[1].content;
    const q2 = user.slice(user.indexOf('Q2. system_design'));
    expect(q2).toMatch(
      /^Q2\. system_design[^\n]*\nObjective: A system they designed, its scale and trade-offs\.\n/,
    );
    expect(q2).toContain('value: "payments"');
  });

  it('zod-parses the answer (one corrective retry) and keeps only verbatim quotes', async () => {
    // First answer breaks the schema (an unknown sentiment label); the correction has one real quote
    // and one paraphrase.
    const bad = output([]);
    (bad.sentiment as { overall: string }).overall = 'great';
    fake.enqueue(chatJson(bad));
    fake.enqueue(
      chatJson(
        output([
          {
            quote: "The one I'm proudest of is the payment orchestration service.",
            transcript_entry_id: 'run_rs01_t05',
            context: 'Ownership.',
          },
          {
            quote: 'I single-handedly rebuilt the whole payments platform.',
            transcript_entry_id: 'run_rs01_t05',
            context: 'Not said.',
          },
        ]),
      ),
    );
    const result = await analyzer().analyze(recruitingInput());
    expect(fake.chatRequests()).toHaveLength(2);
    const retry = fake.chatRequests()[1]!.body.messages.at(-1).content as string;
    expect(retry).toMatch(/sentiment/);
    expect(result.metadata).toMatchObject({
      analyzer: 'openai',
      retries: 1,
      dropped_quotes: 1,
      fallback: null,
    });
    expect(result.quotes.map((q) => q.quote)).toEqual([
      "The one I'm proudest of is the payment orchestration service.",
    ]);
    const entry = recruitingInput().transcript.find((e) => e.id === 'run_rs01_t05')!;
    for (const q of result.quotes) expect(entry.content).toContain(q.quote);
    // The criterion cites a verified quote from its evidence, never the paraphrase.
    expect(result.scorecard!.criteria[0]!.quote?.quote).toBe(
      "The one I'm proudest of is the payment orchestration service.",
    );
  });
});
