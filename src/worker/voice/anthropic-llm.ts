import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_API_CONNECT_OPTIONS, llm, shortuuid, type APIConnectOptions } from '@livekit/agents';

/**
 * A small `llm.LLM` over `@anthropic-ai/sdk` (no Anthropic plugin is published for Node): streams the
 * Messages API as chat chunks, with usage. Text only — Parley never gives the model tools (the engine
 * decides the path). System and developer messages become the `system` prompt; consecutive messages of
 * the same role are merged (the Messages API wants alternating turns starting with the user).
 */
export interface AnthropicLLMOptions {
  apiKey: string;
  /** e.g. `http://127.0.0.1:PORT` for a local fake. */
  baseURL?: string | undefined;
  model?: string | undefined;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  /** Per request, ms (default 15 s). */
  timeoutMs?: number | undefined;
  client?: Anthropic | undefined;
}

export class AnthropicLLM extends llm.LLM {
  readonly client: Anthropic;
  readonly opts: { model: string; maxTokens: number; temperature?: number | undefined };

  constructor(opts: AnthropicLLMOptions) {
    super();
    this.client =
      opts.client ??
      new Anthropic({
        apiKey: opts.apiKey,
        ...(opts.baseURL !== undefined ? { baseURL: opts.baseURL } : {}),
        maxRetries: 0,
        timeout: opts.timeoutMs ?? 15_000,
      });
    this.opts = {
      model: opts.model ?? 'claude-haiku-4-5',
      maxTokens: opts.maxTokens ?? 512,
      temperature: opts.temperature,
    };
  }

  label(): string {
    return 'parley.AnthropicLLM';
  }

  override get model(): string {
    return this.opts.model;
  }

  override get provider(): string {
    return 'anthropic';
  }

  chat({
    chatCtx,
    connOptions = DEFAULT_API_CONNECT_OPTIONS,
  }: {
    chatCtx: llm.ChatContext;
    toolCtx?: unknown;
    connOptions?: APIConnectOptions;
    parallelToolCalls?: boolean;
    toolChoice?: unknown;
    extraKwargs?: Record<string, unknown>;
  }): llm.LLMStream {
    return new AnthropicLLMStream(this, chatCtx, connOptions);
  }
}

/** ChatContext → Messages API `system` + alternating `messages`. */
export function toAnthropicMessages(chatCtx: llm.ChatContext): {
  system: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
} {
  const system: string[] = [];
  const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  for (const item of chatCtx.items) {
    if (item.type !== 'message') continue;
    const text = item.textContent ?? '';
    if (text.trim() === '') continue;
    if (item.role === 'system' || item.role === 'developer') {
      system.push(text);
      continue;
    }
    const role = item.role === 'assistant' ? 'assistant' : 'user';
    const last = messages.at(-1);
    if (last !== undefined && last.role === role) last.content += `\n${text}`;
    else messages.push({ role, content: text });
  }
  if (messages.length === 0 || messages[0]?.role !== 'user')
    messages.unshift({ role: 'user', content: '(begin)' });
  return { system: system.join('\n\n'), messages };
}

class AnthropicLLMStream extends llm.LLMStream {
  private readonly owner: AnthropicLLM;

  constructor(owner: AnthropicLLM, chatCtx: llm.ChatContext, connOptions: APIConnectOptions) {
    super(owner, { chatCtx, connOptions });
    this.owner = owner;
  }

  protected async run(): Promise<void> {
    const { system, messages } = toAnthropicMessages(this.chatCtx);
    const id = shortuuid('anthropic_');
    let inputTokens = 0;
    let outputTokens = 0;
    const stream = await this.owner.client.messages.create(
      {
        model: this.owner.opts.model,
        max_tokens: this.owner.opts.maxTokens,
        ...(system !== '' ? { system } : {}),
        ...(this.owner.opts.temperature !== undefined ? { temperature: this.owner.opts.temperature } : {}),
        messages,
        stream: true,
      },
      { signal: this.abortController.signal },
    );
    for await (const event of stream) {
      if (event.type === 'message_start') inputTokens = event.message.usage.input_tokens;
      else if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
      else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        this.queue.put({ id, delta: { role: 'assistant', content: event.delta.text } });
      }
    }
    this.queue.put({
      id,
      usage: {
        completionTokens: outputTokens,
        promptTokens: inputTokens,
        promptCachedTokens: 0,
        totalTokens: inputTokens + outputTokens,
      },
    });
  }
}
