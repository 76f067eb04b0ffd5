export * from './types.js';
export { buildResponses, extractiveSummary, type BuildResponsesInput } from './build.js';
