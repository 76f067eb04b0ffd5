import { describe, expect, test } from 'vitest';
import { loadWorkerConfig } from '../../src/config/worker.js';
import { jobExecArgv } from '../../src/worker/server.js';
import { WORKER_ENV } from '../config/helpers.js';

const base = WORKER_ENV;

describe("job processes' V8 flags", () => {
  test('the young generation is capped at 16 MiB by default; 0 leaves it to V8', () => {
    expect(loadWorkerConfig(base).PARLEY_JOB_SEMI_SPACE_MB).toBe(16);
    expect(loadWorkerConfig({ ...base, PARLEY_JOB_SEMI_SPACE_MB: '0' }).PARLEY_JOB_SEMI_SPACE_MB).toBe(0);
    expect(() => loadWorkerConfig({ ...base, PARLEY_JOB_SEMI_SPACE_MB: '-1' })).toThrow();
  });

  test('adds --max-semi-space-size after the worker flags', () => {
    expect(jobExecArgv(['--enable-source-maps'], undefined, 16)).toEqual([
      '--enable-source-maps',
      '--max-semi-space-size=16',
    ]);
    expect(jobExecArgv([], '', 0)).toEqual([]);
  });

  test("keeps the operator's own choice, on the command line or in NODE_OPTIONS", () => {
    expect(jobExecArgv(['--max-semi-space-size=32'], undefined, 16)).toEqual(['--max-semi-space-size=32']);
    expect(jobExecArgv(['--max_semi_space_size', '8'], undefined, 16)).toEqual([
      '--max_semi_space_size',
      '8',
    ]);
    expect(jobExecArgv([], '--max-old-space-size=512 --max-semi-space-size=64', 16)).toEqual([]);
  });

  test('does not change the array it is given', () => {
    const argv = ['--inspect=0'];
    jobExecArgv(argv, undefined, 16);
    expect(argv).toEqual(['--inspect=0']);
  });
});
