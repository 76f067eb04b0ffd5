import { ParleyError, type ErrorCode } from '../errors/parley-error.js';

/**
 * The one error format of Parley's input files (blueprints, agents, personas, walk and console answers):
 * every problem is `file:line:col  CODE  message`, the code stable, the position 1-based.
 */
export type FileProblemCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'FILE_TOO_LARGE'
  | 'INVALID_ENCODING'
  | 'EMPTY_FILE'
  | 'YAML_SYNTAX'
  | 'YAML_DUPLICATE_KEY'
  | 'YAML_ALIAS'
  | 'TOO_DEEP';

export interface FileProblem {
  file: string;
  line: number;
  col: number;
  /** A problem with the file or its YAML, or (content) the kind's code, e.g. INVALID_ANSWERS. */
  code: FileProblemCode | FileKind['invalidCode'];
  message: string;
  /** Content problems: the dotted path into the data, e.g. `persona.tone` or `answers[0]`. */
  path?: string;
}

/** Any positioned problem with a stable code (blueprint problems too). */
export type PositionedProblem = Pick<FileProblem, 'file' | 'line' | 'col' | 'message'> & { code: string };

export function formatFileProblem(p: PositionedProblem): string {
  return `${p.file}:${p.line}:${p.col}  ${p.code}  ${p.message}`;
}

/** What a kind of file is called in messages, and the error code of its schema problems. */
export interface FileKind {
  /** e.g. `blueprint`, `agent file`, `personas file`, `answers file`. */
  name: string;
  invalidCode: Extract<ErrorCode, 'INVALID_CONFIG' | 'INVALID_ANSWERS' | 'INVALID_BLUEPRINT'>;
}

const YAML_LEVEL: ReadonlySet<string> = new Set([
  'INVALID_ENCODING',
  'YAML_SYNTAX',
  'YAML_DUPLICATE_KEY',
  'YAML_ALIAS',
  'TOO_DEEP',
]);

/**
 * The ParleyError code for a set of problems: the file itself (FILE_NOT_FOUND, FILE_TOO_LARGE), its
 * YAML (YAML_SYNTAX), or its content (the kind's code).
 */
export function errorCodeFor(kind: FileKind, problems: readonly PositionedProblem[]): ErrorCode {
  const codes = new Set(problems.map((p) => p.code));
  if (codes.has('FILE_NOT_FOUND') || codes.has('FILE_UNREADABLE')) return 'FILE_NOT_FOUND';
  if (codes.has('FILE_TOO_LARGE')) return 'FILE_TOO_LARGE';
  if (problems.length > 0 && problems.every((p) => YAML_LEVEL.has(p.code))) return 'YAML_SYNTAX';
  return kind.invalidCode;
}

const SHOWN = 10;

/**
 * The error for a file with problems: `<file>: invalid <kind> (N problems)` then one formatted line per
 * problem (the first ten); `details` is the full list of problems unless given.
 */
export function fileError(
  kind: FileKind,
  file: string,
  problems: readonly PositionedProblem[],
  details: unknown = problems,
): ParleyError {
  const shown = problems.slice(0, SHOWN).map((p) => `  ${formatFileProblem(p)}`);
  const more = problems.length > SHOWN ? [`  … and ${problems.length - SHOWN} more`] : [];
  const n = problems.length;
  return new ParleyError(
    errorCodeFor(kind, problems),
    [`${file}: invalid ${kind.name} (${n} problem${n === 1 ? '' : 's'})`, ...shown, ...more].join('\n'),
    details,
  );
}
