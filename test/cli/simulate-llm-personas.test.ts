import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationReport } from '../../src/console/simulate.js';
import { STYLE_GUIDES } from '../../src/console/personas.js';
import { buildIfStale, cleanEnv, repoRoot, runCli } from '../console/cli-helpers.js';
import { startFakeAnthropic, type FakeAnthropicServer } from '../fakes/anthropic-server.js';
import { chatJson, chatText, startFakeOpenAI, type FakeOpenAIServer } from '../fakes/openai-server.js';

/**
 * `parley simulate` with model-played personas: the built CLI as a subprocess against the fake OpenAI and
 * fake Anthropic servers (real wire protocols). The fakes answer as the participant from the persona
 * prompt they receive, so the interview path shows that the model's words drove it.
 */
const blueprint = join(repoRoot, 'blueprints/expert-vetting.yaml');
const vars = ['--var', 'topic=payments in European banks', '--var', 'client_company=Globex'];
const STYLES = ['cooperative', 'terse', 'rambling', 'off_topic', 'refusing', 'contradicting'] as const;

interface PersonaRequest {
  system: string;
  user: string;
  retry: boolean;
}

function styleOf(system: string): string {
  return /Your style \((\w+)\)/.exec(system)?.[1] ?? 'unknown';
}

/** The participant's reply to the interviewer's latest line, as a given style would say it. */
function reply(system: string, user: string): string {
  const style = styleOf(system);
  const asked = user.split('\n').findLast((l) => l.startsWith('Interviewer: ')) ?? '';
  if (/confirm/i.test(asked))
    return style === 'refusing' ? "No, I can't confirm that." : 'Yes, I confirm both.';
  if (/current role/i.test(asked)) return "I'm a director at Acme Bank, four years in this role.";
  if (/roles you've held/i.test(asked))
    return style === 'terse' ? 'One year.' : 'Twelve years of hands-on experience in payments, at two banks.';
  if (/decisions/i.test(asked)) return 'I chose our card processor in 2021, and it cut our costs by a fifth.';
  if (/mornings|afternoons|evenings/i.test(asked)) return 'Evenings, please.';
  return "That's all I can add, really.";
}

function openaiRequest(body: any): PersonaRequest {
  const messages = body.messages as Array<{ role: string; content: string }>;
  return {
    system: messages.find((m) => m.role === 'system')?.content ?? '',
    user: messages.find((m) => m.role === 'user')?.content ?? '',
    retry: messages.length > 2,
  };
}

function anthropicRequest(body: any): PersonaRequest {
  const messages = body.messages as Array<{ role: string; content: unknown }>;
  return {
    system: typeof body.system === 'string' ? body.system : '',
    user: typeof messages[0]?.content === 'string' ? messages[0].content : '',
    retry: messages.length > 1,
  };
}

function expectPath(run: SimulationReport['runs'][number] | undefined, end: string): void {
  expect(run?.end_node).toBe(end);
  expect(run?.persona_mode).toBe('llm');
}

let openai: FakeOpenAIServer;
let anthropic: FakeAnthropicServer;

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-test' });
  anthropic = await startFakeAnthropic({ apiKey: 'ant-test' });
  buildIfStale();
}, 120_000);

afterAll(async () => {
  await openai.close();
  await anthropic.close();
});

describe('parley simulate with LLM-played personas', () => {
  it('OpenAI: every style gets its persona prompt, and the answers drive the interview', async () => {
    openai.reset();
    openai.setFallback((req) => {
      const r = openaiRequest(req.body);
      return chatJson({ utterance: reply(r.system, r.user) });
    });
    const res = await runCli(['simulate', blueprint, ...vars, '--runs', '6', '--json'], {
      env: cleanEnv({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL }),
    });
    expect(res.stderr).toContain('personas: 6 of 6 played by openai:gpt-4o-mini');
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout) as SimulationReport;

    const requests = openai.chatRequests().map((q) => openaiRequest(q.body));
    for (const style of STYLES) {
      const own = requests.filter((q) => styleOf(q.system) === style);
      expect(own.length, style).toBeGreaterThan(0);
      expect(own[0]!.system).toContain(STYLE_GUIDES[style]);
      expect(own[0]!.system).toContain('Expert network vetting call');
      expect(own[0]!.system).toContain('topic: payments in European banks');
      expect(own[0]!.user).toContain('Interviewer: ');
    }
    const body = openai.chatRequests()[0]!.body;
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.response_format.json_schema.name).toBe('participant_utterance');

    const byStyle = (s: string) => r.runs.find((x) => x.style === s);
    // refusing declines compliance → knock-out; terse has one year of experience → the other knock-out
    expectPath(byStyle('refusing'), 'knockout_compliance');
    expect(byStyle('refusing')?.path_taken).toEqual(['compliance', 'knockout_compliance']);
    expectPath(byStyle('terse'), 'knockout_experience');
    for (const s of ['cooperative', 'rambling', 'off_topic', 'contradicting']) {
      expectPath(byStyle(s), 'done');
      expect(byStyle(s)?.path_taken).toContain('availability');
    }
    expect(r.persona_play).toMatchObject({
      model: 'openai:gpt-4o-mini',
      llm_runs: 6,
      scripted_runs: 0,
      retries: 0,
      fallbacks: 0,
    });
    expect(r.persona_play.calls).toBe(requests.length);
    expect(r.personas.every((p) => p.llm_runs === 1 && p.fallbacks === 0)).toBe(true);
  });

  it('Anthropic: garbage output is retried once, then the scripted persona answers (counted)', async () => {
    anthropic.reset();
    const failedOnce = new Set<string>();
    anthropic.setFallback((req) => {
      const r = anthropicRequest(req.body);
      const style = styleOf(r.system);
      // contradicting: never a tool call → retry → fallback, every time
      if (style === 'contradicting') return { type: 'message', content: [{ type: 'text', text: 'Sure!' }] };
      // terse: an empty utterance first, valid after the retry; rambling: a server error first
      if (style === 'terse' && !r.retry)
        return {
          type: 'message',
          content: [{ type: 'tool_use', name: 'participant_utterance', input: { utterance: '' } }],
        };
      // rambling: a server error on the first call for each prompt; the retry (afresh) succeeds
      if (style === 'rambling' && !failedOnce.has(r.user)) {
        failedOnce.add(r.user);
        return { type: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' };
      }
      return {
        type: 'message',
        content: [
          { type: 'tool_use', name: 'participant_utterance', input: { utterance: reply(r.system, r.user) } },
        ],
      };
    });
    const res = await runCli(
      [
        'simulate',
        blueprint,
        ...vars,
        '--runs',
        '6',
        '--json',
        '--persona-model',
        'anthropic:claude-test',
        '--llm-personas',
      ],
      { env: cleanEnv({ ANTHROPIC_API_KEY: 'ant-test', ANTHROPIC_BASE_URL: anthropic.url }) },
    );
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout) as SimulationReport;
    const byStyle = (s: string) => r.runs.find((x) => x.style === s)!;
    const requests = anthropic.messageRequests().map((q) => anthropicRequest(q.body));
    expect(anthropic.messageRequests()[0]!.body.model).toBe('claude-test');
    expect(anthropic.messageRequests()[0]!.body.tool_choice).toEqual({
      type: 'tool',
      name: 'participant_utterance',
    });

    const contra = byStyle('contradicting');
    expect(contra.persona_model).toBe('anthropic:claude-test');
    expect(contra.persona_fallbacks).toBe(contra.participant_turns);
    expect(contra.persona_calls).toBe(2 * contra.participant_turns);
    expect(contra.persona_retries).toBe(contra.participant_turns);
    expect(requests.filter((q) => styleOf(q.system) === 'contradicting')).toHaveLength(contra.persona_calls);

    const terse = byStyle('terse');
    expect(terse.persona_fallbacks).toBe(0);
    expect(terse.persona_retries).toBe(terse.participant_turns);
    // the retry answered the empty tool call with an is_error tool_result naming the problem
    const retried = anthropic
      .messageRequests()
      .map((q) => q.body)
      .find((b) => styleOf(b.system) === 'terse' && b.messages.length > 1);
    expect(JSON.stringify(retried.messages[2])).toContain('utterance is empty');
    expectPath(terse, 'knockout_experience');

    const rambling = byStyle('rambling');
    expect(rambling.persona_fallbacks).toBe(0);
    expect(rambling.persona_retries).toBe(rambling.participant_turns);
    expectPath(rambling, 'done');

    expect(r.persona_play.fallbacks).toBe(contra.persona_fallbacks);
    expect(r.persona_play.runs_with_fallbacks).toBe(1);
    expect(r.personas.find((p) => p.style === 'contradicting')?.fallbacks).toBe(contra.persona_fallbacks);
  });

  it('a call that times out is retried once, then the scripted persona answers', async () => {
    openai.reset();
    openai.setFallback({ type: 'hang' });
    const res = await runCli(
      [
        'simulate',
        blueprint,
        '--runs',
        '1',
        '--json',
        '--personas',
        join(repoRoot, 'test/fixtures/personas/short-timeout.yaml'),
      ],
      { env: cleanEnv({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL }) },
    );
    expect(res.code).toBe(0);
    const run = (JSON.parse(res.stdout) as SimulationReport).runs[0]!;
    expect(run.persona_mode).toBe('llm');
    expect(run.participant_turns).toBeGreaterThan(0);
    expect(run.persona_fallbacks).toBe(run.participant_turns);
    expect(run.persona_calls).toBe(2 * run.participant_turns);
    expect(openai.chatRequests()).toHaveLength(run.persona_calls);
  });

  it('the text report shows persona modes and fallbacks', async () => {
    openai.reset();
    openai.setFallback((req) => {
      const r = openaiRequest(req.body);
      if (styleOf(r.system) === 'off_topic') return chatText('not json at all');
      return chatJson({ utterance: reply(r.system, r.user) });
    });
    const res = await runCli(['simulate', blueprint, ...vars, '--runs', '6'], {
      env: cleanEnv({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL }),
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /Personas: played by openai:gpt-4o-mini in 6 runs, scripted in 0; model calls \d+, retries \d+, fallbacks to the script \d+ \(in 1 run\)/,
    );
    expect(res.stdout).toMatch(/#\d+ off-topic: \d+ of \d+ utterances from the script/);
  });

  it('--scripted-personas makes no model calls even with a key', async () => {
    openai.reset();
    const res = await runCli(
      ['simulate', blueprint, ...vars, '--runs', '3', '--json', '--scripted-personas'],
      {
        env: cleanEnv({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL }),
      },
    );
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout) as SimulationReport;
    expect(r.runs.every((x) => x.persona_mode === 'scripted' && x.persona_calls === 0)).toBe(true);
    expect(openai.chatRequests()).toHaveLength(0);
  });

  it('without a provider: scripted by default, and a clear INVALID_CONFIG error when a model is required', async () => {
    const auto = await runCli(['simulate', blueprint, ...vars, '--runs', '2', '--json']);
    expect(auto.code).toBe(0);
    expect((JSON.parse(auto.stdout) as SimulationReport).persona_play.llm_runs).toBe(0);

    const flag = await runCli(['simulate', blueprint, ...vars, '--runs', '2', '--llm-personas']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /error: LLM personas need a openai API key .*OPENAI_API_KEY.*\[INVALID_CONFIG\]/,
    );
    expect(flag.stdout).toBe('');

    const file = await runCli([
      'simulate',
      blueprint,
      ...vars,
      '--runs',
      '2',
      '--personas',
      join(repoRoot, 'blueprints/personas/llm.yaml'),
    ]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(
      /LLM personas need a anthropic API key .*ANTHROPIC_API_KEY.*\[INVALID_CONFIG\]/,
    );

    const bad = await runCli(['simulate', blueprint, ...vars, '--persona-model', 'mistral:large']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--persona-model: unknown provider "mistral"/);
  });
});
