import { isAlias, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { positionOfPath, START_OF_FILE, type SourcePosition } from './positions.js';
import type { FileProblem } from './problems.js';

/**
 * YAML (or JSON, which is YAML) text → a document with source positions (the `yaml` package's
 * LineCounter) and its plain data, or the problems that stop it: too large, nested too deeply, syntax
 * and duplicate keys (the first 20, each at its line:col), aliases that resolve to nothing or expand
 * too far. Warnings are returned, not fatal. Never throws for bad input.
 */
export interface ParsedYaml {
  ok: true;
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** The plain data; `undefined` for an empty file (or one holding only comments). */
  data: unknown;
  warnings: FileProblem[];
}
export type ParseYamlResult = ParsedYaml | { ok: false; problems: FileProblem[] };

export interface ParseYamlOptions {
  /** What the file is called in messages (`blueprint`, `agent file`, …). */
  name: string;
  maxBytes: number;
}

/** A badly broken file produces one YAML error per token; the first few are what helps. */
const MAX_YAML_ERRORS = 20;
/** The YAML parser takes seconds on `[[[[…` well within the size limits, so nesting is bounded first. */
const MAX_FLOW_DEPTH = 256;
const MAX_ALIAS_COUNT = 100;

export function parseYamlSource(source: string, file: string, opts: ParseYamlOptions): ParseYamlResult {
  const fail = (code: FileProblem['code'], message: string, at: SourcePosition = START_OF_FILE) => ({
    ok: false as const,
    problems: [{ file, ...at, code, message }],
  });
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > opts.maxBytes) {
    return fail(
      'FILE_TOO_LARGE',
      `file is ${bytes} bytes; a ${opts.name} is limited to ${opts.maxBytes} bytes`,
    );
  }
  if (flowDepth(source) > MAX_FLOW_DEPTH) {
    return fail('TOO_DEEP', `the ${opts.name} nests [ ] / { } more than ${MAX_FLOW_DEPTH} levels deep`);
  }
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(source, {
      lineCounter,
      keepSourceTokens: true,
      prettyErrors: false,
      uniqueKeys: true,
    });
    if (doc.errors.some((e) => /call stack/i.test(e.message))) {
      return fail('TOO_DEEP', `the ${opts.name} is nested too deeply to parse`);
    }
    const at = (offset: number): SourcePosition => lineCounter.linePos(offset);
    const errors = doc.errors.slice(0, MAX_YAML_ERRORS).map((e): FileProblem => ({
      file,
      ...at(e.pos[0]),
      code: e.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX',
      message: e.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(source, e.pos[0]) : firstLine(e.message),
    }));
    if (errors.length > 0) return { ok: false, problems: errors };
    const warnings = doc.warnings.map((w): FileProblem => ({
      file,
      ...at(w.pos[0]),
      code: 'YAML_SYNTAX',
      message: firstLine(w.message),
    }));
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null && root.source === '')) {
      return { ok: true, file, doc, lineCounter, data: undefined, warnings };
    }
    const alias = unresolvedAlias(doc, lineCounter);
    if (alias !== null) return fail('YAML_ALIAS', alias.message, alias.at);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      if (err instanceof RangeError) throw err;
      return fail('YAML_ALIAS', `cannot expand YAML aliases: ${(err as Error).message}`);
    }
    return { ok: true, file, doc, lineCounter, data, warnings };
  } catch (err) {
    // Deeply nested input can exhaust the stack in the YAML parser; report, don't crash.
    if (err instanceof RangeError)
      return fail('TOO_DEEP', `the ${opts.name} is nested too deeply: ${err.message}`);
    throw err;
  }
}

/** The position of a path into the document (see positions.ts): where a schema problem is reported. */
export function positionIn(parsed: ParsedYaml, path: readonly (string | number)[]): SourcePosition {
  return positionOfPath(parsed.doc, parsed.lineCounter, path);
}

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

function unresolvedAlias(
  doc: Document,
  lineCounter: LineCounter,
): { message: string; at: SourcePosition } | null {
  let found: { message: string; at: SourcePosition } | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (!isAlias(node) || node.resolve(doc) !== undefined) return undefined;
      found = {
        message: `alias *${node.source} names no anchor defined before it`,
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
  const end = source.indexOf('\n', offset);
  const rest = source.slice(offset, end === -1 ? undefined : end);
  const key = /^\s*["']?([^"':]*)/.exec(rest)?.[1]?.trim() ?? '';
  return key === ''
    ? 'duplicate key: mapping keys must be unique'
    : `duplicate key "${key}": mapping keys must be unique`;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
