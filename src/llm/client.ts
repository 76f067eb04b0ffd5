import { ParleyError } from '../errors/parley-error.js';
import type { ModelProvider } from './connection.js';

/**
 * The one model-client interface of Parley (conductor, analysis, simulated personas): a structured call
 * (OpenAI `response_format: json_schema` strict; Anthropic a forced tool call), optionally streamed, and
 * streamed plain text. One implementation per provider (openai.ts, anthropic.ts).
 */
export interface StructuredRequest {
  model: string;
  system: string;
  user: string;
  /** Name of the output format / forced tool (a-z, 0-9, _). */
  name: string;
  description: string;
  jsonSchema: Record<string, unknown>;
  signal?: AbortSignal | undefined;
  /** Output token limit (default 1024). */
  maxTokens?: number | undefined;
  /** The corrective retry: the previous answer is replayed, then `message` (the validation error). */
  correction?: { state: RetryState; message: string } | undefined;
  /**
   * Streams the call: called with the output's JSON text so far after every delta (incomplete JSON;
   * read it with src/llm/partial.ts). Without it the call is not streamed.
   */
  onText?: ((jsonSoFar: string) => void) | undefined;
}

/** What the model returned: the parsed JSON (undefined when it was not JSON) and the raw text. */
export interface StructuredResult {
  json: unknown;
  raw: string;
  /** Set when the output could not be used as is: refusal, cut off at the token limit, no tool call. */
  problem?: string | undefined;
  /** Provider-specific continuation state for the corrective retry (the previous assistant turn). */
  retry: RetryState;
}

export type RetryState =
  | { type: 'openai'; assistantContent: string }
  | { type: 'anthropic'; toolUseId: string | null; input: unknown; text: string };

export interface TextRequest {
  model: string;
  system: string;
  user: string;
  maxTokens: number;
  signal?: AbortSignal | undefined;
}

export interface ModelClient {
  readonly provider: ModelProvider;
  structured(req: StructuredRequest): Promise<StructuredResult>;
  /** Streamed plain text. */
  stream(req: TextRequest): AsyncIterable<string>;
}

/** The corrective retry's message: the validation error, and what to do about it. */
export function retryInstruction(error: string): string {
  return `That output was invalid: ${error}. Reply again with output that matches the schema exactly.`;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Provider failures as ParleyError: `MODEL_TIMEOUT` when the request timed out, `MODEL_ERROR` otherwise
 * (HTTP status in `details`). An abort by the caller's own signal is rethrown as it is.
 */
export function modelError(provider: ModelProvider, err: unknown, signal: AbortSignal | undefined): unknown {
  if (err instanceof ParleyError) return err;
  const reason: unknown = signal?.reason;
  const timedOut =
    (signal?.aborted === true && reason instanceof DOMException && reason.name === 'TimeoutError') ||
    (err instanceof Error && err.name === 'APIConnectionTimeoutError');
  if (signal?.aborted === true && !timedOut) return err;
  const status =
    typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number'
      ? err.status
      : undefined;
  const message = err instanceof Error ? err.message : String(err);
  return new ParleyError(
    timedOut ? 'MODEL_TIMEOUT' : 'MODEL_ERROR',
    `${provider}: ${timedOut ? 'request timed out' : message}`,
    { provider, ...(status !== undefined ? { status } : {}) },
  );
}
