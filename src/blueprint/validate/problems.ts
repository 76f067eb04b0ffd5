import type { FileProblemCode } from '../../files/problems.js';

/**
 * The problem vocabulary shared by the loader (YAML + shape) and the graph validator. `load.ts`
 * re-exports these; the CLI prints them as `file:line:col  CODE  message`.
 */
export type ProblemCode =
  // reading the file and its YAML (the shared file loader's codes)
  | FileProblemCode
  | 'YAML_WARNING'
  // shape (zod)
  | 'SCHEMA'
  // graph structure
  | 'ENTRY_NODE_MISSING'
  | 'EDGE_UNKNOWN_NODE'
  | 'END_NODE_HAS_EDGES'
  | 'NODE_UNREACHABLE'
  | 'REQUIRED_UNREACHABLE'
  | 'DEAD_END'
  | 'NO_DEFAULT_EDGE'
  | 'CYCLE_NO_EXIT'
  | 'CYCLE_UNBOUNDED'
  // conditions
  | 'UNKNOWN_NODE_REF'
  | 'UNKNOWN_FIELD'
  | 'OPERATOR_TYPE_MISMATCH'
  | 'INVALID_REGEX'
  | 'ENUM_VALUE_UNKNOWN'
  | 'VALUE_OUT_OF_RANGE'
  // names and references
  | 'DUPLICATE_KEY'
  | 'RESERVED_NAME'
  | 'UNKNOWN_TEMPLATE'
  | 'DUPLICATE_VARIABLE'
  | 'UNKNOWN_QUESTION_KEY'
  | 'DUPLICATE_CRITERION'
  // confirmations and faq
  | 'CONFIRM_NOT_DECISIVE'
  | 'DUPLICATE_FAQ';

export type Severity = 'error' | 'warning';

export type ProblemPath = (string | number)[];

export interface Problem {
  file: string;
  /** 1-based. File-level problems (not found, too large, empty) are at 1:1. */
  line: number;
  /** 1-based. */
  col: number;
  code: ProblemCode;
  severity: Severity;
  message: string;
  /** Path into the blueprint document, e.g. `['graph', 'edges', 2, 'to']`. */
  path: ProblemPath;
}

/** A problem found on an in-memory blueprint, before it is placed in a source file. */
export type BlueprintProblem = Omit<Problem, 'file' | 'line' | 'col'>;

export function errorAt(code: ProblemCode, path: ProblemPath, message: string): BlueprintProblem {
  return { code, severity: 'error', message, path };
}

export function warningAt(code: ProblemCode, path: ProblemPath, message: string): BlueprintProblem {
  return { code, severity: 'warning', message, path };
}

export function hasErrors(problems: readonly { severity: Severity }[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** `graph.nodes.q1.capture` — how a path is shown inside messages. */
export function dottedPath(path: readonly (string | number)[]): string {
  return path.length === 0
    ? '(top level)'
    : path
        .map((s) => (typeof s === 'number' ? `[${s}]` : s))
        .join('.')
        .replace(/\.\[/g, '[');
}

/** One problem as the CLI prints it, without colours. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}  ${p.code}  ${p.message}`;
}
