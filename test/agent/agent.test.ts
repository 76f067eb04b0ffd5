import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  agentSchema,
  defaultAgent,
  loadAgentFile,
  MAX_AGENT_FILE_BYTES,
  parseAgentSource,
  type AgentIssue,
} from '../../src/agent/index.js';
import { isParleyError, type ParleyError } from '../../src/errors/parley-error.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/agents/${name}`, import.meta.url));

async function loadError(path: string): Promise<ParleyError> {
  try {
    await loadAgentFile(path);
  } catch (err) {
    if (isParleyError(err)) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('agent schema', () => {
  it('the default agent is valid and uses the documented defaults', () => {
    expect(agentSchema.parse(defaultAgent)).toEqual(defaultAgent);
    expect(defaultAgent.probing_depth).toBe('moderate');
    expect(defaultAgent.boundaries).toEqual({
      max_follow_ups_per_question: 3,
      off_topic_handling: 'gentle_redirect',
      sensitive_topics: [],
    });
    expect(defaultAgent.model_config.assessment.provider).toBe('openai');
    expect(defaultAgent.persona.system_prompt).not.toBe('');
  });

  it('accepts the seed shape (agent resource of the seed APIs)', () => {
    const seed = {
      name: 'string',
      description: 'string',
      persona: { system_prompt: 'string', tone: 'conversational', language: 'string' },
      voice: { provider: 'string', voice_id: 'string', speed: 0.5 },
      techniques: ['funnel'],
      probing_depth: 'light',
      boundaries: {
        max_follow_ups_per_question: 0,
        off_topic_handling: 'gentle_redirect',
        sensitive_topics: ['string'],
      },
      model_config: {
        generation: { provider: 'anthropic', model: 'string' },
        assessment: { provider: 'anthropic', model: 'string' },
      },
      metadata: { property1: null },
    };
    expect(agentSchema.safeParse(seed).success).toBe(true);
  });
});

describe('loadAgentFile', () => {
  it('loads a complete agent file', async () => {
    const agent = await loadAgentFile(fixture('research.yaml'));
    expect(agent.persona.tone).toBe('friendly');
    expect(agent.techniques).toEqual(['laddering', 'example', 'funnel', 'clarify']);
    expect(agent.boundaries.sensitive_topics).toEqual(['health', 'religion', 'salary history']);
    expect(agent.model_config.generation).toEqual({ provider: 'anthropic', model: 'claude-haiku-4-5' });
  });

  it('fills defaults for a minimal file', async () => {
    const agent = await loadAgentFile(fixture('minimal.yaml'));
    expect(agent.probing_depth).toBe('light');
    expect(agent.persona.language).toBe('en');
    expect(agent.boundaries.off_topic_handling).toBe('gentle_redirect');
  });

  it('a bad file: INVALID_CONFIG naming the file, line and field of every problem', async () => {
    const path = fixture('invalid.yaml');
    const err = await loadError(path);
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.message).toContain(path);
    const issues = err.details as AgentIssue[];
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        '(top level)',
        'boundaries.off_topic_handling',
        'model_config.generation.provider',
        'persona.tone',
        'probing_depth',
      ].sort(),
    );
    expect(byPath['probing_depth']).toMatchObject({ file: path, line: 4, col: 1 });
    expect(byPath['persona.tone']).toMatchObject({ line: 3, col: 3 });
    expect(byPath['(top level)']?.message).toContain('colour');
    expect(err.message).toContain(`${path}:4:1  INVALID_CONFIG  probing_depth:`);
  });

  it('YAML syntax errors carry the position', async () => {
    // Written at test time: a syntax-error fixture would break `prettier --check`.
    const dir = await mkdtemp(join(tmpdir(), 'parley-agent-'));
    const path = join(dir, 'syntax-error.yaml');
    await writeFile(path, 'name: Broken\npersona:\n  system_prompt: "unterminated\n  tone: friendly\n');
    const err = await loadError(path);
    expect(err.code).toBe('YAML_SYNTAX');
    expect(err.message).toMatch(/syntax-error\.yaml:\d+:\d+ {2}YAML_SYNTAX {2}\S/);
  });

  it('missing and oversized files', async () => {
    const missing = await loadError(fixture('nope.yaml'));
    expect(missing.code).toBe('FILE_NOT_FOUND');
    expect(missing.message).toContain('nope.yaml');
    const dir = await mkdtemp(join(tmpdir(), 'parley-agent-'));
    const big = join(dir, 'big.yaml');
    await writeFile(big, `name: x\ndescription: "${'a'.repeat(MAX_AGENT_FILE_BYTES)}"\n`);
    expect((await loadError(big)).code).toBe('FILE_TOO_LARGE');
  });

  it('parses JSON too (YAML is a superset)', () => {
    expect(parseAgentSource('{"probing_depth": "deep"}').probing_depth).toBe('deep');
  });
});
