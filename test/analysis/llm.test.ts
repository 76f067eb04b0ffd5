import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ANALYSIS_TOOL_NAME,
  analysisResultSchema,
  analyzeOffline,
  createAnalyzer,
  type AnalysisInput,
} from '../../src/analysis/index.js';
import { startFakeOpenAI, chatJson, chatText, type FakeOpenAIServer } from '../fakes/openai-server.js';
import {
  startFakeAnthropic,
  messageText,
  messageToolUse,
  type FakeAnthropicServer,
} from '../fakes/anthropic-server.js';
import { loadFixture, type FixtureName } from '../fixtures/transcripts/index.js';

const NOW = Date.parse('2025-07-01T12:00:00Z');
const now = () => NOW;

function inputFor(name: FixtureName): AnalysisInput {
  const f = loadFixture(name);
  return {
    blueprint: f.blueprint,
    transcript: f.entries,
    responses: null,
    participant_name: f.participant_name,
    language: f.language,
  };
}

/** A well-formed model answer for the recruiting screen (scorecard included). */
function goodRecruitingOutput() {
  return {
    summary:
      'Senior backend engineer with seven years of experience. Designed a queue-based payment orchestration service. Led a Black Friday incident and wrote the postmortem.',
    themes: [
      { label: 'Payment orchestration', salience: 1, evidence: ['run_rs01_t05', 'run_rs01_t03', 'nope_99'] },
      { label: 'Incident ownership', salience: 0.7, evidence: ['run_rs01_t09', 'run_rs01_t11'] },
      { label: 'Agent chatter', salience: 0.2, evidence: ['run_rs01_t02'] },
    ],
    sentiment: {
      overall: 'positive',
      by_question: [
        { question_key: 'incident', sentiment: 'mixed' },
        { question_key: 'system_design', sentiment: 'positive' },
      ],
    },
    quotes: [
      {
        // Typographic apostrophe and lower case: matched tolerantly, stored exactly as spoken.
        quote: 'the one I’m proudest of is the payment orchestration service',
        transcript_entry_id: 'run_rs01_t05',
        context: 'Shows ownership of a core system.',
      },
      {
        quote: 'I was the incident commander.',
        transcript_entry_id: 'run_rs01_t01', // wrong id: found in the right entry anyway
        context: 'Led the incident.',
      },
    ],
    scorecard: {
      criteria: [
        {
          key: 'distributed_systems',
          score: 5,
          evidence: ['run_rs01_t05', 'run_rs01_t07'],
          rationale: 'Queue-based design with Kafka, retries and idempotency keys.',
        },
        { key: 'incident_ownership', score: 4, evidence: ['run_rs01_t09'], rationale: 'Incident commander.' },
        { key: 'compensation_fit', score: null, evidence: [], rationale: 'Declined to share a number.' },
      ],
    },
  };
}

function goodWinLossOutput() {
  return {
    summary:
      'The buyer chose Northwind because the Clearpath Salesforce integration dropped records in the pilot.',
    themes: [{ label: 'Salesforce integration', salience: 1, evidence: ['run_wl01_t07', 'run_wl01_t15'] }],
    sentiment: {
      overall: 'mixed',
      by_question: [{ question_key: 'sales_experience', sentiment: 'positive' }],
    },
    quotes: [
      {
        quote: 'The sales team was excellent, genuinely.',
        transcript_entry_id: 'run_wl01_t13',
        context: 'Praise for the sales team.',
      },
    ],
  };
}

describe('OpenAI analyzer against the fake server', () => {
  let fake: FakeOpenAIServer;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-test' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const analyzer = (maxRetries = 0) =>
    createAnalyzer({
      openaiApiKey: 'sk-test',
      openaiBaseUrl: fake.baseURL,
      assessment: { provider: 'openai', model: 'gpt-4.1-mini' },
      now,
      maxRetries,
    });

  it('sends a structured-output request with the transcript and accepts a valid answer', async () => {
    fake.enqueue(chatJson(goodRecruitingOutput()));
    const input = inputFor('recruiting-screen');
    const a = analyzer();
    expect(a.model).toBe('gpt-4.1-mini');
    const result = await a.analyze(input);

    const [req] = fake.chatRequests();
    expect(fake.chatRequests()).toHaveLength(1);
    expect(req!.headers.authorization).toBe('Bearer sk-test');
    expect(req!.body.model).toBe('gpt-4.1-mini');
    expect(req!.body.response_format.type).toBe('json_schema');
    const js = req!.body.response_format.json_schema;
    expect(js.strict).toBe(true);
    expect(js.name).toBe('interview_analysis');
    expect(js.schema.type).toBe('object');
    expect(js.schema.additionalProperties).toBe(false);
    expect(js.schema.required).toEqual(['summary', 'themes', 'sentiment', 'quotes', 'scorecard']);
    expect(js.schema.properties.scorecard.properties.criteria.items.properties.key.enum).toEqual([
      'distributed_systems',
      'incident_ownership',
      'compensation_fit',
      'frontend_skills',
    ]);
    expect(req!.body.messages[0].role).toBe('system');
    const user = req!.body.messages[1];
    expect(user.role).toBe('user');
    for (const e of input.transcript) expect(user.content).toContain(`[${e.id}]`);
    expect(user.content).toContain('Participant: Last Black Friday our Kafka consumers fell behind');
    expect(user.content).toContain('distributed_systems');

    expect(analysisResultSchema.parse(result)).toEqual(result);
    expect(result.model).toBe('gpt-4.1-mini');
    expect(result.generated_at).toBe('2025-07-01T12:00:00.000Z');
    expect(result.metadata).toEqual({ dropped_quotes: 0, analyzer: 'openai', retries: 0, fallback: null });
    expect(result.summary.word_count).toBe(23);
    // Evidence is checked against the participant's entries; salience clamped; sorted.
    expect(result.themes).toEqual([
      {
        label: 'Payment orchestration',
        salience: 1,
        evidence_count: 2,
        evidence: ['run_rs01_t03', 'run_rs01_t05'],
        // The first verified quote from one of the theme's evidence entries.
        quote: {
          quote: "The one I'm proudest of is the payment orchestration service",
          transcript_entry_id: 'run_rs01_t05',
          node_id: 'system_design',
          timestamp_secs: 38.7,
        },
      },
      {
        label: 'Incident ownership',
        salience: 0.7,
        evidence_count: 2,
        evidence: ['run_rs01_t09', 'run_rs01_t11'],
        quote: {
          quote: 'I was the incident commander.',
          transcript_entry_id: 'run_rs01_t09',
          node_id: 'incident',
          timestamp_secs: 106,
        },
      },
      { label: 'Agent chatter', salience: 0.2, evidence_count: 0, evidence: [], quote: null },
    ]);
    expect(result.sentiment.by_question.map((q) => q.question_key)).toEqual(['system_design', 'incident']);
    expect(result.sentiment.by_question.map((q) => q.node_id)).toEqual(['system_design', 'incident']);
    expect(result.quotes.map((q) => [q.quote, q.transcript_entry_id, q.node_id])).toEqual([
      ["The one I'm proudest of is the payment orchestration service", 'run_rs01_t05', 'system_design'],
      ['I was the incident commander.', 'run_rs01_t09', 'incident'],
    ]);
    for (const q of result.quotes) {
      const entry = input.transcript.find((e) => e.id === q.transcript_entry_id)!;
      expect(entry.content).toContain(q.quote);
      expect(q.timestamp_secs).toBeGreaterThanOrEqual(entry.offset_ms / 1000);
    }
    const sc = result.scorecard!;
    expect(sc.criteria.map((c) => [c.key, c.score, c.weight])).toEqual([
      ['distributed_systems', 5, 2],
      ['incident_ownership', 4, 1.5],
      ['compensation_fit', null, 1],
      ['frontend_skills', null, 1], // not returned by the model
    ]);
    expect(sc.overall).toBeCloseTo((5 * 2 + 4 * 1.5) / 3.5, 2);
  });

  it('drops and counts a hallucinated quote', async () => {
    const out = goodWinLossOutput();
    out.quotes.push(
      {
        quote: 'Clearpath is the worst vendor we have ever worked with.',
        transcript_entry_id: 'run_wl01_t07',
        context: 'Invented.',
      },
      // The interviewer's words are not the participant's.
      {
        quote: 'Which vendors did you consider besides Clearpath and Northwind?',
        transcript_entry_id: 'run_wl01_t04',
        context: 'Agent line.',
      },
    );
    fake.enqueue(chatJson(out));
    const result = await analyzer().analyze(inputFor('win-loss'));
    expect(result.metadata.dropped_quotes).toBe(2);
    expect(result.metadata.analyzer).toBe('openai');
    expect(result.quotes.map((q) => q.quote)).toEqual(['The sales team was excellent, genuinely.']);
  });

  it('retries once with the parse error on invalid JSON, then accepts a valid answer', async () => {
    fake.enqueue(chatText('{"summary": "cut off'), chatJson(goodWinLossOutput()));
    const result = await analyzer().analyze(inputFor('win-loss'));
    const reqs = fake.chatRequests();
    expect(reqs).toHaveLength(2);
    const retry = reqs[1]!.body.messages;
    expect(retry).toHaveLength(4);
    expect(retry[2]).toEqual({ role: 'assistant', content: '{"summary": "cut off' });
    expect(retry[3].role).toBe('user');
    expect(retry[3].content).toContain('not valid JSON');
    expect(result.metadata).toEqual({ dropped_quotes: 0, analyzer: 'openai', retries: 1, fallback: null });
  });

  it('includes the zod error in the retry message', async () => {
    const bad = { ...goodWinLossOutput(), sentiment: { overall: 'ecstatic', by_question: [] } };
    fake.enqueue(chatJson(bad), chatJson(goodWinLossOutput()));
    const result = await analyzer().analyze(inputFor('win-loss'));
    const msg = fake.chatRequests()[1]!.body.messages[3].content as string;
    expect(msg).toContain('sentiment.overall');
    expect(result.metadata.retries).toBe(1);
    expect(result.metadata.analyzer).toBe('openai');
  });

  it('falls back to the offline analysis after a second invalid answer', async () => {
    fake.enqueue(chatText('not json at all'), chatJson({ summary: 42 }));
    const input = inputFor('win-loss');
    const result = await analyzer().analyze(input);
    expect(fake.chatRequests()).toHaveLength(2);
    const offline = analyzeOffline(input, now);
    expect(result).toEqual({
      ...offline,
      metadata: {
        dropped_quotes: 0,
        analyzer: 'offline',
        retries: 1,
        fallback: {
          from: 'openai',
          model: 'gpt-4.1-mini',
          reason: 'invalid_output',
          detail: 'output failed validation twice (schema)',
        },
      },
    });
    expect(analysisResultSchema.parse(result)).toEqual(result);
  });

  it('falls back on a refusal and on provider errors', async () => {
    fake.enqueue(
      { type: 'chat', content: null, refusal: 'I cannot help with that.' },
      { type: 'chat', content: null, refusal: 'No.' },
    );
    const r1 = await analyzer().analyze(inputFor('win-loss'));
    expect(r1.metadata.fallback?.reason).toBe('invalid_output');

    fake.reset();
    fake.enqueue({ type: 'error', status: 500, message: 'boom' });
    const r2 = await analyzer(0).analyze(inputFor('win-loss'));
    expect(r2.metadata.analyzer).toBe('offline');
    expect(r2.metadata.fallback).toMatchObject({ from: 'openai', reason: 'provider_error' });
    expect(r2.metadata.fallback?.detail).toContain('status 500');
    expect(r2.metadata.retries).toBe(0);

    // The SDK's own retries cover transient errors.
    fake.reset();
    fake.enqueue(
      { type: 'error', status: 503, headers: { 'retry-after-ms': '10' } },
      chatJson(goodWinLossOutput()),
    );
    const r3 = await analyzer(1).analyze(inputFor('win-loss'));
    expect(r3.metadata.analyzer).toBe('openai');
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('makes no request for an empty transcript and returns a valid empty analysis', async () => {
    const input = inputFor('recruiting-screen');
    const result = await analyzer().analyze({ ...input, transcript: [] });
    expect(fake.requests).toHaveLength(0);
    expect(analysisResultSchema.parse(result)).toEqual(result);
    expect(result.quotes).toEqual([]);
    expect(result.summary.word_count).toBe(0);
    expect(result.scorecard?.overall).toBeNull();
  });

  it('picks the default OpenAI model when only a key is configured', () => {
    expect(createAnalyzer({ openaiApiKey: 'sk', now }).model).toBe('gpt-4.1-mini');
    expect(createAnalyzer({ anthropicApiKey: 'sk', now }).model).toBe('claude-sonnet-4-5');
  });
});

describe('Anthropic analyzer against the fake server', () => {
  let fake: FakeAnthropicServer;
  beforeAll(async () => {
    fake = await startFakeAnthropic({ apiKey: 'sk-ant-test' });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const analyzer = () =>
    createAnalyzer({
      anthropicApiKey: 'sk-ant-test',
      anthropicBaseUrl: fake.url,
      assessment: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      now,
      maxRetries: 0,
    });

  it('forces a tool call whose input_schema is the analysis schema and accepts its input', async () => {
    fake.enqueue(messageToolUse(ANALYSIS_TOOL_NAME, goodRecruitingOutput()));
    const input = inputFor('recruiting-screen');
    const result = await analyzer().analyze(input);
    const [req] = fake.messageRequests();
    expect([req!.headers['x-api-key'], req!.headers.authorization]).toContain(
      req!.headers['x-api-key'] === undefined ? 'Bearer sk-ant-test' : 'sk-ant-test',
    );
    expect(req!.headers['anthropic-version']).toBeDefined();
    expect(req!.body.model).toBe('claude-sonnet-4-5');
    expect(req!.body.max_tokens).toBeGreaterThan(1000);
    expect(req!.body.tools).toHaveLength(1);
    expect(req!.body.tools[0].name).toBe(ANALYSIS_TOOL_NAME);
    expect(req!.body.tools[0].input_schema.type).toBe('object');
    expect(req!.body.tools[0].input_schema.required).toContain('quotes');
    expect(req!.body.tool_choice).toEqual({ type: 'tool', name: ANALYSIS_TOOL_NAME });
    expect(typeof req!.body.system).toBe('string');
    expect(req!.body.messages).toHaveLength(1);
    // The interview per question: the incident section with its participant turn.
    expect(req!.body.messages[0].content).toMatch(
      /Q\d\. incident \(question\): [^\n]*\n(?:[^\n]*\n)*? {2}\[run_rs01_t09\] Participant: Last Black Friday/,
    );

    expect(result.metadata).toEqual({ dropped_quotes: 0, analyzer: 'anthropic', retries: 0, fallback: null });
    expect(result.model).toBe('claude-sonnet-4-5');
    expect(result.quotes).toHaveLength(2);
    expect(result.scorecard?.criteria[0]).toMatchObject({ key: 'distributed_systems', score: 5, weight: 2 });
  });

  it('answers invalid tool input with an is_error tool_result, then accepts the correction', async () => {
    const bad = { ...goodWinLossOutput(), themes: [{ label: 'x', salience: 3, evidence: [] }] };
    fake.enqueue(
      {
        type: 'message',
        content: [{ type: 'tool_use', id: 'toolu_1', name: ANALYSIS_TOOL_NAME, input: bad }],
      },
      messageToolUse(ANALYSIS_TOOL_NAME, goodWinLossOutput()),
    );
    const result = await analyzer().analyze(inputFor('win-loss'));
    const retry = fake.messageRequests()[1]!.body.messages;
    expect(retry).toHaveLength(3);
    expect(retry[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: ANALYSIS_TOOL_NAME, input: bad }],
    });
    expect(retry[2].role).toBe('user');
    expect(retry[2].content[0]).toMatchObject({
      type: 'tool_result',
      tool_use_id: 'toolu_1',
      is_error: true,
    });
    expect(retry[2].content[0].content).toContain('themes[0].salience');
    expect(result.metadata).toMatchObject({ analyzer: 'anthropic', retries: 1, fallback: null });
  });

  it('falls back when the model twice answers without the tool', async () => {
    fake.enqueue(messageText('Here is my analysis: it went well.'), messageText('Still no tool.'));
    const result = await analyzer().analyze(inputFor('win-loss'));
    expect(fake.messageRequests()).toHaveLength(2);
    const retry = fake.messageRequests()[1]!.body.messages;
    expect(retry[1]).toEqual({ role: 'assistant', content: 'Here is my analysis: it went well.' });
    expect(retry[2].content).toContain(ANALYSIS_TOOL_NAME);
    expect(result.metadata).toMatchObject({
      analyzer: 'offline',
      retries: 1,
      fallback: { from: 'anthropic', model: 'claude-sonnet-4-5', reason: 'invalid_output' },
    });
    expect(result.model).toBe('parley-offline-1');
  });

  it('drops a hallucinated quote', async () => {
    const out = goodWinLossOutput();
    out.quotes.push({
      quote: 'Northwind paid us to switch.',
      transcript_entry_id: 'run_wl01_t07',
      context: 'x',
    });
    fake.enqueue(messageToolUse(ANALYSIS_TOOL_NAME, out));
    const result = await analyzer().analyze(inputFor('win-loss'));
    expect(result.metadata.dropped_quotes).toBe(1);
    expect(result.quotes).toHaveLength(1);
  });
});
