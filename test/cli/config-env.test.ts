import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildIfStale, cleanEnv, repoRoot, runCli } from '../console/cli-helpers.js';

/**
 * A bad environment variable stops every command the same way: exit 2, `invalid <command> configuration`
 * naming the variable, no stack trace, and nothing started.
 */
beforeAll(() => buildIfStale(), 120_000);

const blueprint = join(repoRoot, 'blueprints/product-discovery.yaml');
const answers = join(repoRoot, 'blueprints/answers/product-discovery.full.yaml');
const worker = {
  LIVEKIT_URL: 'ws://127.0.0.1:1',
  LIVEKIT_API_KEY: 'devkey',
  LIVEKIT_API_SECRET: 'secret',
  PARLEY_STORE_URL: 'http://127.0.0.1:1',
  DEEPGRAM_API_KEY: 'dg',
  OPENAI_API_KEY: 'sk',
};

describe('a bad environment variable exits 2 naming it', () => {
  test.each([
    {
      command: 'console',
      variable: 'OPENAI_BASE_URL',
      args: ['console', blueprint, '--answers', answers],
      env: { OPENAI_BASE_URL: 'not-a-url' },
    },
    {
      command: 'console',
      variable: 'PARLEY_AGENT_SECRET',
      args: ['console', blueprint, '--answers', answers],
      env: { PARLEY_AGENT_SECRET: 'short' },
    },
    {
      command: 'simulate',
      variable: 'ANTHROPIC_BASE_URL',
      args: ['simulate', blueprint, '--runs', '1'],
      env: { ANTHROPIC_BASE_URL: 'ftp://example.com' },
    },
    {
      command: 'store',
      variable: 'PARLEY_AGENT_SECRET',
      args: ['store', '--port', '0', '--data', 'memory://'],
      env: { PARLEY_AGENT_SECRET: 'short' },
    },
    {
      command: 'store',
      variable: 'LOG_LEVEL',
      args: ['store', '--port', '0', '--data', 'memory://'],
      env: { LOG_LEVEL: 'loud', PARLEY_LOG_LEVEL: '' },
    },
    {
      command: 'worker',
      variable: 'PARLEY_AGENT_SECRET',
      args: ['worker', 'start'],
      env: { ...worker, PARLEY_AGENT_SECRET: 'fifteen-chars15' },
    },
    {
      command: 'worker',
      variable: 'PARLEY_LOG_PII',
      args: ['worker', 'dev'],
      env: { ...worker, PARLEY_AGENT_SECRET: 'agent-secret-0123456789', PARLEY_LOG_PII: 'on' },
    },
    {
      command: 'sip',
      variable: 'LIVEKIT_URL',
      args: ['sip', 'setup', '--number', '+15550100'],
      env: { LIVEKIT_URL: 'localhost' },
    },
  ])('$command: $variable', async ({ command, args, env, variable }) => {
    const res = await runCli(args, { env: cleanEnv(env) });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`invalid ${command} configuration:`);
    expect(res.stderr).toMatch(new RegExp(`^ {2}${variable}: `, 'm'));
    expect(res.stderr).not.toMatch(/^\s+at /m);
    expect(res.stdout).toBe('');
  });
});
