import { open } from 'node:fs/promises';
import { isAlias, isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { ParleyError, type ErrorCode } from '../errors/parley-error.js';
import type { Blueprint } from './schema.js';
import { positionOfPath, START_OF_FILE, type SourcePosition } from './validate/positions.js';
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
 * each with `file:line:col`. Never throws for bad input (only `loadBlueprintOrThrow` throws, on purpose).
 */
export interface LoadResult {
  /** `null` when any problem is an error; warnings alone keep the blueprint. */
  blueprint: Blueprint | null;
  problems: Problem[];
}

/** Blueprints are hand-written; anything larger is a mistake or an attack. */
export const MAX_BLUEPRINT_BYTES = 1024 * 1024;

/** A badly broken file produces one YAML error per token; the first few are what helps. */
const MAX_YAML_ERRORS = 20;

/**
 * The YAML parser takes seconds on pathologically nested flow collections (`[[[[…`), well within the size
 * limit, so nesting is bounded first. Brackets inside quoted text count too: a cheap, conservative scan.
 */
const MAX_FLOW_DEPTH = 256;

function flowDepth(source: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}

export function parseBlueprintSource(source: string, file: string): LoadResult {
  const fileProblem = (code: ProblemCode, message: string): LoadResult => ({
    blueprint: null,
    problems: [{ file, ...START_OF_FILE, code, severity: 'error', message, path: [] }],
  });
  if (Buffer.byteLength(source, 'utf8') > MAX_BLUEPRINT_BYTES) {
    return fileProblem('FILE_TOO_LARGE', `blueprint is larger than ${MAX_BLUEPRINT_BYTES} bytes`);
  }
  if (flowDepth(source) > MAX_FLOW_DEPTH) {
    return fileProblem('TOO_DEEP', `blueprint nests [ ] / { } more than ${MAX_FLOW_DEPTH} levels deep`);
  }
  try {
    return parseYaml(source, file, fileProblem);
  } catch (err) {
    // Deeply nested input can exhaust the stack in the YAML parser or the schema; report, don't crash.
    if (err instanceof RangeError)
      return fileProblem('TOO_DEEP', `blueprint is nested too deeply: ${err.message}`);
    throw err;
  }
}

function parseYaml(
  source: string,
  file: string,
  fileProblem: (code: ProblemCode, message: string) => LoadResult,
): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter,
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const place = (p: BlueprintProblem, at?: SourcePosition): Problem => ({
    file,
    ...(at ?? positionOfPath(doc, lineCounter, p.path)),
    ...p,
  });

  if (doc.errors.some((e) => /call stack/i.test(e.message))) {
    return fileProblem('TOO_DEEP', 'blueprint is nested too deeply to parse');
  }
  const yamlProblems: Problem[] = [
    ...doc.errors.slice(0, MAX_YAML_ERRORS).map((e) =>
      place(
        {
          code: e.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX',
          severity: 'error',
          message: e.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(source, e.pos[0]) : firstLine(e.message),
          path: [],
        },
        lineCounter.linePos(e.pos[0]),
      ),
    ),
    ...doc.warnings.map((w) =>
      place(
        { code: 'YAML_WARNING', severity: 'warning', message: firstLine(w.message), path: [] },
        lineCounter.linePos(w.pos[0]),
      ),
    ),
  ];
  if (hasErrors(yamlProblems)) return { blueprint: null, problems: sortProblems(yamlProblems) };

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null && root.source === '')) {
    return fileProblem('EMPTY_FILE', 'the file is empty (or holds only comments)');
  }
  if (!isMap(root)) {
    return {
      blueprint: null,
      problems: [
        place(
          {
            code: 'SCHEMA',
            severity: 'error',
            message: 'a blueprint is a mapping with id, name and graph at the top level',
            path: [],
          },
          START_OF_FILE,
        ),
      ],
    };
  }

  const aliasProblem = unresolvedAlias(doc, lineCounter);
  if (aliasProblem !== null)
    return { blueprint: null, problems: [place(aliasProblem.problem, aliasProblem.at)] };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return fileProblem('YAML_ALIAS', `cannot expand YAML aliases: ${(err as Error).message}`);
  }

  const shape = checkShape(data);
  if (!shape.ok) {
    return {
      blueprint: null,
      problems: sortProblems([...yamlProblems, ...shape.problems.map((p) => place(p))]),
    };
  }
  const problems = sortProblems([
    ...yamlProblems,
    ...validateBlueprint(shape.blueprint).map((p) => place(p)),
  ]);
  return { blueprint: hasErrors(problems) ? null : shape.blueprint, problems };
}

function unresolvedAlias(
  doc: Document,
  lineCounter: LineCounter,
): { problem: BlueprintProblem; at: SourcePosition } | null {
  let found: { problem: BlueprintProblem; at: SourcePosition } | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (!isAlias(node) || node.resolve(doc) !== undefined) return undefined;
      found = {
        problem: {
          code: 'YAML_ALIAS',
          severity: 'error',
          message: `alias *${node.source} names no anchor defined before it`,
          path: [],
        },
        at:
          node.range === undefined || node.range === null
            ? START_OF_FILE
            : lineCounter.linePos(node.range[0]),
      };
      return visit.BREAK;
    },
  });
  return found;
}

function duplicateKeyMessage(source: string, offset: number): string {
  const rest = source.slice(
    offset,
    source.indexOf('\n', offset) === -1 ? undefined : source.indexOf('\n', offset),
  );
  const key = /^\s*["']?([^"':]*)/.exec(rest)?.[1]?.trim() ?? '';
  return key === ''
    ? 'duplicate key: mapping keys must be unique'
    : `duplicate key "${key}": mapping keys must be unique`;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.p.col - b.p.col || a.i - b.i)
    .map(({ p }) => p);
}

/** Reads at most MAX_BLUEPRINT_BYTES + 1 bytes, so devices and pipes cannot make it read forever. */
export async function loadBlueprintFile(path: string): Promise<LoadResult> {
  const fail = (code: ProblemCode, message: string): LoadResult => ({
    blueprint: null,
    problems: [{ file: path, ...START_OF_FILE, code, severity: 'error', message, path: [] }],
  });
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) return fail('FILE_UNREADABLE', 'is a directory, not a blueprint file');
      if (info.size > MAX_BLUEPRINT_BYTES) {
        return fail(
          'FILE_TOO_LARGE',
          `file is ${info.size} bytes; blueprints are limited to ${MAX_BLUEPRINT_BYTES} bytes`,
        );
      }
      bytes = await readAtMost(handle, MAX_BLUEPRINT_BYTES + 1);
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('FILE_NOT_FOUND', 'no such file');
    return fail('FILE_UNREADABLE', `cannot read the file (${code ?? (err as Error).message})`);
  }
  if (bytes.length > MAX_BLUEPRINT_BYTES) {
    return fail('FILE_TOO_LARGE', `file is larger than ${MAX_BLUEPRINT_BYTES} bytes`);
  }
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('INVALID_ENCODING', 'the file is not UTF-8 text');
  }
  return parseBlueprintSource(source, path);
}

async function readAtMost(handle: Awaited<ReturnType<typeof open>>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks);
}

/**
 * For commands that need a usable blueprint (`walk`, `graph`, `console`): the blueprint, or a ParleyError
 * whose `details` is the full `Problem[]`. The code is FILE_NOT_FOUND / FILE_TOO_LARGE when the file
 * itself is the problem, INVALID_BLUEPRINT otherwise. Warnings never throw.
 */
export async function loadBlueprintOrThrow(path: string): Promise<Blueprint> {
  const result = await loadBlueprintFile(path);
  if (result.blueprint !== null) return result.blueprint;
  const errors = result.problems.filter((p) => p.severity === 'error');
  const only = errors.length === 1 ? errors[0] : undefined;
  const code: ErrorCode =
    only?.code === 'FILE_NOT_FOUND' || only?.code === 'FILE_TOO_LARGE' ? only.code : 'INVALID_BLUEPRINT';
  const shown = errors.slice(0, 10).map(formatProblem);
  const more = errors.length > shown.length ? [`… and ${errors.length - shown.length} more`] : [];
  throw new ParleyError(
    code,
    [
      `${path}: invalid blueprint (${errors.length} error${errors.length === 1 ? '' : 's'})`,
      ...shown,
      ...more,
    ].join('\n'),
    result.problems,
  );
}
