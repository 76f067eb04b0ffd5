import { expect } from 'vitest';
import type { ConfigIssue } from '../../src/config/shared.js';
import { isParleyError } from '../../src/errors/parley-error.js';

/** The variables an INVALID_CONFIG error names (sorted), failing when `parse` does not throw one. */
export function badVariables(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    expect(isParleyError(err) && err.code).toBe('INVALID_CONFIG');
    const issues = (err as { details: { issues: ConfigIssue[] } }).details.issues;
    for (const i of issues) expect((err as Error).message).toContain(`${i.variable}: ${i.message}`);
    return issues.map((i) => i.variable).sort();
  }
  throw new Error('expected INVALID_CONFIG');
}

/** A complete, valid worker environment to vary in tests. */
export const WORKER_ENV: Readonly<Record<string, string>> = {
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  LIVEKIT_API_KEY: 'devkey',
  LIVEKIT_API_SECRET: 'secret',
  PARLEY_STORE_URL: 'http://127.0.0.1:8787',
  PARLEY_AGENT_SECRET: 'agent-secret-0123456789',
  DEEPGRAM_API_KEY: 'dg',
  OPENAI_API_KEY: 'sk',
};
