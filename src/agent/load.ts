import { readFile, stat } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ParleyError } from '../errors/parley-error.js';
import { positionOfPath } from '../blueprint/validate/positions.js';
import { agentSchema, type Agent } from './schema.js';

/** agent.yaml files are small; anything larger is a mistake. */
export const MAX_AGENT_FILE_BYTES = 256 * 1024;

export interface AgentIssue {
  /** `file:line:col` of the offending key. */
  file: string;
  line: number;
  col: number;
  /** Dotted path into the document, e.g. `boundaries.off_topic_handling`. */
  path: string;
  message: string;
}

/**
 * Load and validate an `agent.yaml` (or JSON) file. Errors are `ParleyError`s whose message names the
 * file, line and field of every problem:
 * `FILE_NOT_FOUND`, `FILE_TOO_LARGE`, `YAML_SYNTAX`, `INVALID_CONFIG` (details: `AgentIssue[]`).
 */
export async function loadAgentFile(path: string): Promise<Agent> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ParleyError('FILE_NOT_FOUND', `${path}: agent file not found`);
  }
  if (size > MAX_AGENT_FILE_BYTES) {
    throw new ParleyError(
      'FILE_TOO_LARGE',
      `${path}: agent file is ${size} bytes (max ${MAX_AGENT_FILE_BYTES})`,
    );
  }
  return parseAgentSource(await readFile(path, 'utf8'), path);
}

/** Parse agent YAML/JSON text; `file` is only used in messages. */
export function parseAgentSource(source: string, file = 'agent.yaml'): Agent {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const pos = yamlError.linePos?.[0] ?? { line: 1, col: 1 };
    throw new ParleyError('YAML_SYNTAX', `${file}:${pos.line}:${pos.col}: ${firstLine(yamlError.message)}`);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 50 }) ?? {};
  const parsed = agentSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue): AgentIssue => {
    const segments = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    const pos = positionOfPath(doc, lineCounter, segments);
    return { file, line: pos.line, col: pos.col, path: dotted(segments), message: describe(issue) };
  });
  const lines = issues.map((i) => `  ${i.file}:${i.line}:${i.col}  ${i.path}: ${i.message}`);
  throw new ParleyError('INVALID_CONFIG', `${file}: invalid agent\n${lines.join('\n')}`, issues);
}

function dotted(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
