import { describe, expect, test } from 'vitest';
import { frameworkLogLevel, loadWorkerConfig } from '../../src/config/worker.js';
import { WORKER_ENV, badVariables } from './helpers.js';

const base = WORKER_ENV;

describe('worker configuration', () => {
  test('defaults', () => {
    const c = loadWorkerConfig(base);
    expect(c.PARLEY_AGENT_NAME).toBe('parley');
    expect(c.PARLEY_MAX_JOBS).toBe(4);
    expect(c.PARLEY_CONDUCTOR_MODE).toBe('auto');
    expect(c.PARLEY_LOG_PII).toBe(false);
    expect(c.PARLEY_LOG_LEVEL).toBe('info');
    expect(c.DEEPGRAM_BASE_URL).toBeUndefined();
  });

  test('reads overrides and base URLs', () => {
    const c = loadWorkerConfig({
      ...base,
      PARLEY_AGENT_NAME: 'parley-eu',
      PARLEY_MAX_JOBS: '12',
      DEEPGRAM_BASE_URL: 'http://127.0.0.1:9999',
      PARLEY_LOG_PII: '1',
      ANTHROPIC_API_KEY: '',
    });
    expect(c.PARLEY_AGENT_NAME).toBe('parley-eu');
    expect(c.PARLEY_MAX_JOBS).toBe(12);
    expect(c.DEEPGRAM_BASE_URL).toBe('http://127.0.0.1:9999');
    expect(c.PARLEY_LOG_PII).toBe(true);
    expect(c.ANTHROPIC_API_KEY).toBeUndefined();
  });

  test('names every bad variable in one INVALID_CONFIG error', () => {
    const vars = badVariables(() =>
      loadWorkerConfig({
        ...base,
        LIVEKIT_URL: 'localhost',
        PARLEY_MAX_JOBS: '0',
        PARLEY_STORE_URL: undefined,
        PARLEY_LOG_PII: 'maybe',
      }),
    );
    expect(vars).toEqual(['LIVEKIT_URL', 'PARLEY_LOG_PII', 'PARLEY_MAX_JOBS', 'PARLEY_STORE_URL']);
  });

  test('the framework loop-monitor threshold: Parley’s default, an override, a bad value named', () => {
    expect(loadWorkerConfig(base).LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS).toBe(250);
    expect(
      loadWorkerConfig({ ...base, LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS: '0' }).LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS,
    ).toBe(0);
    expect(
      badVariables(() => loadWorkerConfig({ ...base, LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS: '-5' })),
    ).toEqual(['LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS']);
  });

  test('the VAD’s end-of-speech silence: 550 by default, bounded, a bad value named', () => {
    expect(loadWorkerConfig(base).PARLEY_VAD_MIN_SILENCE_MS).toBe(550);
    expect(loadWorkerConfig({ ...base, PARLEY_VAD_MIN_SILENCE_MS: '300' }).PARLEY_VAD_MIN_SILENCE_MS).toBe(
      300,
    );
    expect(badVariables(() => loadWorkerConfig({ ...base, PARLEY_VAD_MIN_SILENCE_MS: '20' }))).toEqual([
      'PARLEY_VAD_MIN_SILENCE_MS',
    ]);
  });

  test('the agent secret has the store minimum (16)', () => {
    expect(badVariables(() => loadWorkerConfig({ ...base, PARLEY_AGENT_SECRET: '123456789012345' }))).toEqual(
      ['PARLEY_AGENT_SECRET'],
    );
    expect(loadWorkerConfig({ ...base, PARLEY_AGENT_SECRET: '1234567890123456' }).PARLEY_AGENT_SECRET).toBe(
      '1234567890123456',
    );
  });

  test('requires an OpenAI key for speech', () => {
    expect(badVariables(() => loadWorkerConfig({ ...base, OPENAI_API_KEY: undefined }))).toEqual([
      'OPENAI_API_KEY',
    ]);
  });

  test('the framework gets its quietest level for silent', () => {
    const c = loadWorkerConfig({ ...base, PARLEY_LOG_LEVEL: 'silent' });
    expect(frameworkLogLevel(c.PARLEY_LOG_LEVEL)).toBe('fatal');
    expect(frameworkLogLevel('debug')).toBe('debug');
  });
});
