/**
 * The LLM analyzers' shared machinery, in llm/:
 *
 * - llm/schema.ts: the structured-output schema the model must fill (generated per blueprint so that
 *   question and criterion keys are enums), as zod and as JSON Schema.
 * - llm/prompt.ts: the prompt.
 * - llm/provider.ts: the interface the OpenAI and Anthropic clients implement.
 * - llm/analyzer.ts: the request, validation with one corrective retry, and the offline fallback
 *   (`metadata.fallback`) when the output is still invalid or the provider fails.
 * - llm/finalize.ts: the post-processing that keeps the model honest — quotes are replaced by the exact
 *   transcript text they match or dropped, evidence ids are checked against the transcript, derived numbers
 *   (word counts, evidence counts, weights, timestamps, overall score) are computed, never taken from the
 *   model.
 */

export { ANALYSIS_TOOL_NAME } from './llm/schema.js';
export { LlmAnalyzer } from './llm/analyzer.js';
