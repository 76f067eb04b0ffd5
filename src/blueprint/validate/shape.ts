import type { z } from 'zod';
import { blueprintSchema, type Blueprint } from '../schema.js';
import { dottedPath, errorAt, type BlueprintProblem, type ProblemPath } from './problems.js';

/**
 * Pass one: the zod shape. Every zod issue becomes a `SCHEMA` problem at the issue's path; unknown
 * properties get one problem each, at the property itself.
 */
export type ShapeResult = { ok: true; blueprint: Blueprint } | { ok: false; problems: BlueprintProblem[] };

export function checkShape(input: unknown): ShapeResult {
  const parsed = blueprintSchema.safeParse(input);
  if (parsed.success) return { ok: true, blueprint: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap(issueToProblems) };
}

function issueToProblems(issue: z.core.$ZodIssue): BlueprintProblem[] {
  const path = toProblemPath(issue.path);
  const where = dottedPath(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        errorAt('SCHEMA', [...path, key], `${where}: unknown property "${key}"`),
      );
    case 'invalid_key': {
      const key = path[path.length - 1];
      const reason = issue.issues[0]?.message ?? issue.message;
      return [
        errorAt('SCHEMA', path, `${dottedPath(path.slice(0, -1))}: invalid name "${String(key)}": ${reason}`),
      ];
    }
    case 'invalid_type':
      return [
        errorAt(
          'SCHEMA',
          path,
          / received undefined$/.test(issue.message)
            ? `${where}: missing required property (expected ${issue.expected})`
            : `${where}: ${issue.message}`,
        ),
      ];
    case 'invalid_union': {
      const options = 'options' in issue ? issue.options : undefined;
      const message =
        options !== undefined && options.length > 0
          ? `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`
          : issue.message;
      return [errorAt('SCHEMA', path, `${where}: ${message}`)];
    }
    case 'too_big':
    case 'too_small':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'invalid_element':
    case 'invalid_value':
    case 'custom':
      return [errorAt('SCHEMA', path, `${where}: ${issue.message}`)];
  }
}

function toProblemPath(path: readonly PropertyKey[]): ProblemPath {
  return path.map((s) => (typeof s === 'number' ? s : String(s)));
}
