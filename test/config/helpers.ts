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
