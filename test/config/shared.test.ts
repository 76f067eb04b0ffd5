import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parseConsoleEnv } from '../../src/config/console.js';
import {
  AGENT_SECRET_MIN_LENGTH,
  flag,
  int,
  logEnvShape,
  noColor,
  parseEnv,
} from '../../src/config/shared.js';
import { parseStoreEnv } from '../../src/config/store.js';
import { loadWorkerConfig } from '../../src/config/worker.js';
import { WORKER_ENV, badVariables } from './helpers.js';

const worker = WORKER_ENV;

describe('names and limits shared by the store, the worker and the console', () => {
  test('one agent secret minimum', () => {
    const short = 'x'.repeat(AGENT_SECRET_MIN_LENGTH - 1);
    const ok = 'x'.repeat(AGENT_SECRET_MIN_LENGTH);
    expect(AGENT_SECRET_MIN_LENGTH).toBe(16);
    expect(badVariables(() => parseStoreEnv({ PARLEY_AGENT_SECRET: short }))).toEqual([
      'PARLEY_AGENT_SECRET',
    ]);
    expect(badVariables(() => loadWorkerConfig({ ...worker, PARLEY_AGENT_SECRET: short }))).toEqual([
      'PARLEY_AGENT_SECRET',
    ]);
    expect(badVariables(() => parseConsoleEnv({ PARLEY_AGENT_SECRET: short }))).toEqual([
      'PARLEY_AGENT_SECRET',
    ]);
    expect(parseStoreEnv({ PARLEY_AGENT_SECRET: ok }).PARLEY_AGENT_SECRET).toBe(ok);
    expect(loadWorkerConfig({ ...worker, PARLEY_AGENT_SECRET: ok }).PARLEY_AGENT_SECRET).toBe(ok);
    expect(parseConsoleEnv({ PARLEY_AGENT_SECRET: ok }).PARLEY_AGENT_SECRET).toBe(ok);
  });

  test('PARLEY_LOG_LEVEL, with LOG_LEVEL as the fallback, for both', () => {
    expect(parseStoreEnv({}).PARLEY_LOG_LEVEL).toBe('info');
    expect(parseStoreEnv({ LOG_LEVEL: 'debug' }).PARLEY_LOG_LEVEL).toBe('debug');
    expect(parseStoreEnv({ LOG_LEVEL: 'debug', PARLEY_LOG_LEVEL: 'warn' }).PARLEY_LOG_LEVEL).toBe('warn');
    expect(loadWorkerConfig({ ...worker, LOG_LEVEL: 'trace' }).PARLEY_LOG_LEVEL).toBe('trace');
    expect(loadWorkerConfig({ ...worker, PARLEY_LOG_LEVEL: 'error' }).PARLEY_LOG_LEVEL).toBe('error');
    // a bad value is reported under the name it was given
    expect(badVariables(() => parseStoreEnv({ LOG_LEVEL: 'loud' }))).toEqual(['LOG_LEVEL']);
    expect(badVariables(() => loadWorkerConfig({ ...worker, PARLEY_LOG_LEVEL: 'loud' }))).toEqual([
      'PARLEY_LOG_LEVEL',
    ]);
  });

  test('one PII flag', () => {
    for (const [raw, on] of [
      ['1', true],
      ['yes', true],
      ['true', true],
      ['0', false],
      ['', false],
      [undefined, false],
    ] as const) {
      expect(parseStoreEnv({ PARLEY_LOG_PII: raw }).PARLEY_LOG_PII).toBe(on);
      expect(loadWorkerConfig({ ...worker, PARLEY_LOG_PII: raw }).PARLEY_LOG_PII).toBe(on);
    }
    expect(badVariables(() => parseStoreEnv({ PARLEY_LOG_PII: 'on' }))).toEqual(['PARLEY_LOG_PII']);
  });
});

describe('value helpers', () => {
  const schema = z.object({ N: int(5, 1, 10), F: flag, NO_COLOR: noColor, ...logEnvShape });

  test('defaults and bounds', () => {
    expect(parseEnv('test', schema, {})).toEqual({
      N: 5,
      F: false,
      NO_COLOR: false,
      PARLEY_LOG_LEVEL: 'info',
      PARLEY_LOG_PII: false,
    });
    expect(parseEnv('test', schema, { N: '10', F: 'yes', NO_COLOR: '1' })).toMatchObject({
      N: 10,
      F: true,
      NO_COLOR: true,
    });
    expect(badVariables(() => parseEnv('test', schema, { N: '11' }))).toEqual(['N']);
    expect(badVariables(() => parseEnv('test', schema, { N: '1.5', F: '2' }))).toEqual(['F', 'N']);
  });

  test('the message says what is configured and names each variable', () => {
    expect(() => parseEnv('test', schema, { N: 'x' })).toThrow(
      /^invalid test configuration:\n {2}N: must be an integer between 1 and 10$/,
    );
  });

  test('cross-variable rules are reported with the schema issues', () => {
    const vars = badVariables(() =>
      parseEnv('test', schema, { N: '0' }, () => [{ variable: 'OTHER', message: 'set it' }]),
    );
    expect(vars).toEqual(['N', 'OTHER']);
  });
});
