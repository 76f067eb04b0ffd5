export * from './schema.js';
export { loadAgentFile, parseAgentSource, MAX_AGENT_FILE_BYTES, type AgentIssue } from './load.js';
