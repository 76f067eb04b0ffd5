import { describe, expect, it } from 'vitest';
import { drainedExitCode } from '../../src/worker/server.js';

describe('drainedExitCode (the worker after SIGTERM)', () => {
  it('a drain that finished within the timeout exits 0 instead of the framework 143', () => {
    expect(drainedExitCode(143, 5_000, 10)).toBe(0);
  });
  it('a drain cut short by the timeout keeps 143; other codes are kept', () => {
    expect(drainedExitCode(143, 10_000, 10)).toBe(143);
    expect(drainedExitCode(1, 100, 10)).toBe(1);
    expect(drainedExitCode(130, 100, 10)).toBe(130);
    expect(drainedExitCode(undefined, 100, 10)).toBeUndefined();
  });
});
