import { describe, expect, test } from 'vitest';
import { loadWorkerConfig, WorkerConfigError } from '../../src/config/worker.js';
import { parseJobMetadata } from '../../src/worker/metadata.js';

const base = {
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  LIVEKIT_API_KEY: 'devkey',
  LIVEKIT_API_SECRET: 'secret',
  PARLEY_STORE_URL: 'http://127.0.0.1:8787',
  PARLEY_AGENT_SECRET: 'agent-secret-0123456789',
  DEEPGRAM_API_KEY: 'dg',
  OPENAI_API_KEY: 'sk',
};

describe('worker configuration', () => {
  test('defaults', () => {
    const c = loadWorkerConfig(base);
    expect(c.PARLEY_AGENT_NAME).toBe('parley');
    expect(c.PARLEY_MAX_JOBS).toBe(4);
    expect(c.PARLEY_CONDUCTOR_MODE).toBe('auto');
    expect(c.PARLEY_LOG_PII).toBe(false);
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

  test('names every bad variable', () => {
    try {
      loadWorkerConfig({
        ...base,
        LIVEKIT_URL: 'localhost',
        PARLEY_MAX_JOBS: '0',
        PARLEY_STORE_URL: undefined,
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WorkerConfigError);
      const vars = (e as WorkerConfigError).issues.map((i) => i.variable).sort();
      expect(vars).toEqual(['LIVEKIT_URL', 'PARLEY_MAX_JOBS', 'PARLEY_STORE_URL']);
    }
  });

  test('requires an OpenAI key for speech', () => {
    expect(() => loadWorkerConfig({ ...base, OPENAI_API_KEY: undefined })).toThrow(/OPENAI_API_KEY/);
  });
});

describe('job metadata', () => {
  test('a run id or a dial-in marker', () => {
    expect(parseJobMetadata('{"run_id":"run_abc"}')).toEqual({ ok: true, value: { run_id: 'run_abc' } });
    expect(parseJobMetadata('{"dial_in":true}')).toEqual({ ok: true, value: { dial_in: true } });
  });

  test.each([
    [undefined, /empty/],
    ['', /empty/],
    ['not json', /not JSON/],
    ['{"run_id":""}', /run_id/],
    ['{"run_id":"x","extra":1}', /does not match/],
    ['{"run_id":"../../etc"}', /run_id/],
    ['[1]', /does not match/],
  ])('%s is refused with a reason', (raw, re) => {
    const r = parseJobMetadata(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(re);
  });
});
