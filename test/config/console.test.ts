import { describe, expect, test } from 'vitest';
import { parseConsoleEnv, parseDemoEnv, parseSimulateEnv } from '../../src/config/console.js';
import { providerConnections } from '../../src/config/providers.js';
import { parseSipEnv } from '../../src/config/sip.js';
import { badVariables } from './helpers.js';

describe('terminal commands', () => {
  test('console: store credentials, providers and NO_COLOR', () => {
    const env = parseConsoleEnv({
      PARLEY_API_KEY: 'pk_test_x',
      PARLEY_AGENT_SECRET: 'console-agent-secret-01',
      OPENAI_API_KEY: 'sk-1',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      NO_COLOR: '1',
      UNRELATED: 'ignored',
    });
    expect(env).toEqual({
      PARLEY_API_KEY: 'pk_test_x',
      PARLEY_AGENT_SECRET: 'console-agent-secret-01',
      OPENAI_API_KEY: 'sk-1',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      NO_COLOR: true,
    });
    expect(providerConnections(env)).toEqual({
      openai: { apiKey: 'sk-1', baseURL: 'http://127.0.0.1:9/v1' },
    });
    expect(parseConsoleEnv({ NO_COLOR: '' }).NO_COLOR).toBe(false);
  });

  test('console and simulate: a bad provider variable is named', () => {
    expect(badVariables(() => parseConsoleEnv({ OPENAI_BASE_URL: 'not a url' }))).toEqual([
      'OPENAI_BASE_URL',
    ]);
    expect(
      badVariables(() => parseSimulateEnv({ ANTHROPIC_BASE_URL: 'ftp://x', ANTHROPIC_API_KEY: '  ' })),
    ).toEqual(['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL']);
  });

  test('providers without a key are not connected', () => {
    expect(providerConnections(parseSimulateEnv({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' }))).toEqual({});
    expect(providerConnections(parseSimulateEnv({ ANTHROPIC_API_KEY: 'a' }))).toEqual({
      anthropic: { apiKey: 'a' },
    });
  });

  test('demo reads only NO_COLOR', () => {
    expect(parseDemoEnv({ NO_COLOR: 'x', OPENAI_BASE_URL: 'bad' })).toEqual({ NO_COLOR: true });
  });
});

describe('sip setup', () => {
  test('the worker LiveKit variables and agent name', () => {
    expect(
      parseSipEnv({ LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }),
    ).toEqual({
      LIVEKIT_URL: 'ws://127.0.0.1:7880',
      LIVEKIT_API_KEY: 'k',
      LIVEKIT_API_SECRET: 's',
      PARLEY_AGENT_NAME: 'parley',
    });
    expect(badVariables(() => parseSipEnv({ LIVEKIT_URL: 'localhost', PARLEY_AGENT_NAME: 'a b' }))).toEqual([
      'LIVEKIT_API_KEY',
      'LIVEKIT_API_SECRET',
      'LIVEKIT_URL',
      'PARLEY_AGENT_NAME',
    ]);
  });
});
