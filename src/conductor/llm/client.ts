/**
 * The two things the conductor asks of a model provider. One implementation per provider
 * (openai.ts, anthropic.ts); the conductor does not know which one it talks to.
 */
export interface StructuredRequest {
  model: string;
  system: string;
  user: string;
  /** Name of the output format / forced tool (a-z, 0-9, _). */
  name: string;
  description: string;
  jsonSchema: Record<string, unknown>;
  signal: AbortSignal;
}

/** What the model returned: the parsed JSON (or undefined when it was not JSON) and the raw text. */
export interface StructuredResult {
  json: unknown;
  raw: string;
  /** Provider-specific continuation state for the retry (the previous assistant turn). */
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
  signal: AbortSignal;
}

export interface ModelClient {
  readonly provider: 'openai' | 'anthropic';
  /** One structured call; `previous` + `error` turn it into the retry that shows the model its mistake. */
  structured(
    req: StructuredRequest,
    previous?: { state: RetryState; error: string },
  ): Promise<StructuredResult>;
  /** Streamed plain text. */
  stream(req: TextRequest): AsyncIterable<string>;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function retryInstruction(error: string): string {
  return `That output was invalid: ${error}. Reply again with output that matches the schema exactly.`;
}
