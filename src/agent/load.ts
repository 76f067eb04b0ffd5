import { loadDataFile, parseDataSource, zodValidator, type DataFileSpec } from '../files/load.js';
import type { FileProblem } from '../files/problems.js';
import { agentSchema, type Agent } from './schema.js';

/** agent.yaml files are small; anything larger is a mistake. */
export const MAX_AGENT_FILE_BYTES = 256 * 1024;

/** A problem in an agent file (`file:line:col`, `path` into the document). */
export type AgentIssue = FileProblem;

/** An empty file is the default agent. */
export const agentFile: DataFileSpec<Agent> = {
  name: 'agent file',
  invalidCode: 'INVALID_CONFIG',
  maxBytes: MAX_AGENT_FILE_BYTES,
  validate: zodValidator(agentSchema, {}),
};

/**
 * Load and validate an `agent.yaml` (or JSON) file through the one file loader (src/files): errors are
 * `ParleyError`s whose message names the file, line:col, code and field of every problem —
 * `FILE_NOT_FOUND`, `FILE_TOO_LARGE`, `YAML_SYNTAX`, `INVALID_CONFIG` (details: `AgentIssue[]`).
 */
export function loadAgentFile(path: string): Promise<Agent> {
  return loadDataFile(agentFile, path);
}

/** Parse agent YAML/JSON text; `file` is only used in messages. */
export function parseAgentSource(source: string, file = 'agent.yaml'): Agent {
  return parseDataSource(agentFile, source, file);
}
