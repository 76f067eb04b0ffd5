import type { z } from 'zod';
import { fileError, type FileKind, type FileProblem } from './problems.js';
import { readSourceFile } from './read.js';
import { parseYamlSource, positionIn, type ParsedYaml } from './yaml.js';

/**
 * The one loader of Parley's YAML/JSON input files: read (bounded), parse with positions, validate, and
 * on any problem throw `fileError` (`file:line:col  CODE  message` lines; code FILE_NOT_FOUND,
 * FILE_TOO_LARGE, YAML_SYNTAX or the kind's own, e.g. INVALID_ANSWERS). Blueprints use the same reader and
 * parser but collect problems instead of throwing (src/blueprint/load.ts).
 */
export interface ContentIssue {
  /** Into the data; the problem is reported at the deepest part of it the file has. */
  path: readonly (string | number)[];
  message: string;
  /** For an unknown key: the key, so the position points at it. */
  key?: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ContentIssue[] };

export interface DataFileSpec<T> extends FileKind {
  maxBytes: number;
  /** Validate the parsed data (`undefined` for an empty file). */
  validate(data: unknown): Validated<T>;
}

/** A zod schema as a validator: unknown keys are reported at the first unknown key. */
export function zodValidator<S extends z.ZodType>(
  schema: S,
  emptyAs?: unknown,
): (data: unknown) => Validated<z.infer<S>> {
  return (data) => {
    const parsed = schema.safeParse(data === undefined ? emptyAs : data);
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      issues: parsed.error.issues.flatMap((issue): ContentIssue[] => {
        const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({ path, key, message: `unknown key "${key}"` }));
        }
        return [{ path, message: issue.message }];
      }),
    };
  };
}

export function dottedPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Content issues as problems (code: the kind's, e.g. INVALID_ANSWERS) at their source positions. */
export function contentProblems(
  kind: FileKind,
  parsed: ParsedYaml,
  issues: readonly ContentIssue[],
): FileProblem[] {
  return issues.map((issue) => ({
    file: parsed.file,
    ...positionIn(parsed, issue.key !== undefined ? [...issue.path, issue.key] : issue.path),
    code: kind.invalidCode,
    path: dottedPath(issue.path),
    message: `${dottedPath(issue.path)}: ${issue.message}`,
  }));
}

/** Parse and validate file text; `file` names it in messages. Throws `fileError` on any problem. */
export function parseDataSource<T>(spec: DataFileSpec<T>, source: string, file: string): T {
  const parsed = parseYamlSource(source, file, spec);
  if (!parsed.ok) throw fileError(spec, file, parsed.problems);
  const result = spec.validate(parsed.data);
  if (result.ok) return result.value;
  throw fileError(spec, file, contentProblems(spec, parsed, result.issues));
}

/** Read, parse and validate a file. Throws `fileError` on any problem. */
export async function loadDataFile<T>(spec: DataFileSpec<T>, path: string): Promise<T> {
  const read = await readSourceFile(path, spec.name, spec.maxBytes);
  if (!read.ok) throw fileError(spec, path, [read.problem]);
  return parseDataSource(spec, read.source, path);
}
