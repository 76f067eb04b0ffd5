import { isMap } from 'yaml';
import { readSourceFile } from '../files/read.js';
import { fileError, type FileKind, type FileProblem } from '../files/problems.js';
import { parseYamlSource, positionIn, type ParsedYaml } from '../files/yaml.js';
import { START_OF_FILE, type SourcePosition } from '../files/positions.js';
import type { Blueprint } from './schema.js';
import {
  checkShape,
  formatProblem,
  hasErrors,
  validateBlueprint,
  type BlueprintProblem,
  type Problem,
  type ProblemCode,
} from './validate/index.js';

export type { Problem, ProblemCode, BlueprintProblem } from './validate/problems.js';
export { validateBlueprint, formatProblem };

/**
 * The blueprint loader: YAML (or JSON, which is YAML) text → a typed `Blueprint` plus every problem found,
 * each with `file:line:col`, read and parsed by the one file loader (src/files). Never throws for bad
 * input (only `loadBlueprintOrThrow` throws, on purpose).
 */
export interface LoadResult {
  /** `null` when any problem is an error; warnings alone keep the blueprint. */
  blueprint: Blueprint | null;
  problems: Problem[];
}

/** Blueprints are hand-written; anything larger is a mistake or an attack. */
export const MAX_BLUEPRINT_BYTES = 1024 * 1024;

export const blueprintFileKind: FileKind & { maxBytes: number } = {
  name: 'blueprint',
  invalidCode: 'INVALID_BLUEPRINT',
  maxBytes: MAX_BLUEPRINT_BYTES,
};

const asProblem = (p: FileProblem): Problem => ({
  file: p.file,
  line: p.line,
  col: p.col,
  code: p.code as ProblemCode,
  severity: 'error',
  message: p.message,
  path: [],
});

export function parseBlueprintSource(source: string, file: string): LoadResult {
  const parsed = parseYamlSource(source, file, blueprintFileKind);
  if (!parsed.ok) return { blueprint: null, problems: parsed.problems.map(asProblem) };
  try {
    return validateParsed(parsed);
  } catch (err) {
    // Deeply nested input can exhaust the stack in the schema; report, don't crash.
    if (err instanceof RangeError) {
      const message = `blueprint is nested too deeply: ${err.message}`;
      return {
        blueprint: null,
        problems: [asProblem({ file, ...START_OF_FILE, code: 'TOO_DEEP', message })],
      };
    }
    throw err;
  }
}

function validateParsed(parsed: ParsedYaml): LoadResult {
  const file = parsed.file;
  const place = (p: BlueprintProblem, at?: SourcePosition): Problem => ({
    file,
    ...(at ?? positionIn(parsed, p.path)),
    ...p,
  });
  const warnings = parsed.warnings.map((w) => ({
    ...asProblem(w),
    code: 'YAML_WARNING' as const,
    severity: 'warning' as const,
  }));
  if (parsed.data === undefined) {
    const message = 'the file is empty (or holds only comments)';
    return {
      blueprint: null,
      problems: [asProblem({ file, ...START_OF_FILE, code: 'EMPTY_FILE', message })],
    };
  }
  if (!isMap(parsed.doc.contents)) {
    const message = 'a blueprint is a mapping with id, name and graph at the top level';
    return {
      blueprint: null,
      problems: [place({ code: 'SCHEMA', severity: 'error', message, path: [] }, START_OF_FILE)],
    };
  }
  const shape = checkShape(parsed.data);
  if (!shape.ok) {
    return { blueprint: null, problems: sortProblems([...warnings, ...shape.problems.map((p) => place(p))]) };
  }
  const problems = sortProblems([...warnings, ...validateBlueprint(shape.blueprint).map((p) => place(p))]);
  return { blueprint: hasErrors(problems) ? null : shape.blueprint, problems };
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.p.col - b.p.col || a.i - b.i)
    .map(({ p }) => p);
}

/** Reads at most MAX_BLUEPRINT_BYTES + 1 bytes, so devices and pipes cannot make it read forever. */
export async function loadBlueprintFile(path: string): Promise<LoadResult> {
  const read = await readSourceFile(path, 'blueprint', MAX_BLUEPRINT_BYTES);
  if (!read.ok) return { blueprint: null, problems: [asProblem(read.problem)] };
  return parseBlueprintSource(read.source, path);
}

/**
 * For commands that need a usable blueprint (`walk`, `graph`, `console`, `simulate`): the blueprint, or
 * the one file error (src/files/problems.ts) whose `details` is the full `Problem[]`: FILE_NOT_FOUND /
 * FILE_TOO_LARGE when the file itself is the problem, YAML_SYNTAX for its YAML, INVALID_BLUEPRINT
 * otherwise. Warnings never throw.
 */
export async function loadBlueprintOrThrow(path: string): Promise<Blueprint> {
  const result = await loadBlueprintFile(path);
  if (result.blueprint !== null) return result.blueprint;
  const errors = result.problems.filter((p) => p.severity === 'error');
  throw fileError(blueprintFileKind, path, errors, result.problems);
}
