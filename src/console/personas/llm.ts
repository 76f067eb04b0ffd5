import { z } from 'zod';
import type { ModelRef } from '../../agent/schema.js';
import type { Blueprint } from '../../blueprint/schema.js';
import { retryInstruction, type ModelClient, type RetryState } from '../../llm/client.js';
import type { PromptContext } from '../participant.js';
import { MAX_CHARS, personaSystemPrompt, personaUserPrompt, type Exchange } from './prompt.js';
import { hashString, seededRandom, type Rng } from './random.js';
import type { Persona } from './schema.js';
import { PersonaParticipant, pooledAnswer } from './scripted.js';
import type { PersonaStats, SimParticipant } from './stats.js';

/**
 * A participant played by a model (OpenAI or Anthropic, through src/llm's ModelClient): one
 * structured call per utterance (`{"utterance": "..."}`, zod-validated: non-empty, no speaker label,
 * not longer than the style allows), each with a timeout. An invalid output is retried once with the
 * validation error, an error or timeout once afresh; after a second failure the scripted persona of the
 * same style (seeded like a scripted run) says the line, and the fallback is counted.
 */
export const personaOutputSchema = z.strictObject({ utterance: z.string() });

const OUTPUT_JSON_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    utterance: { type: 'string', description: 'What the participant says next: spoken words only.' },
  },
  required: ['utterance'],
  additionalProperties: false,
};

/** Exchanges kept in the prompt (older ones are dropped). */
const HISTORY_LIMIT = 24;
const SPEAKER_LABEL = /^(interviewer|agent|assistant|ai)\s*:/i;
const OWN_LABEL = /^(you|me|participant|user)\s*:\s*/i;

export type UtteranceCheck = { type: 'ok'; utterance: string } | { type: 'invalid'; error: string };

/** Validates the model's output for a participant of this persona. */
export function checkUtterance(json: unknown, persona: Persona): UtteranceCheck {
  const parsed = personaOutputSchema.safeParse(json);
  if (!parsed.success) return { type: 'invalid', error: 'expected a JSON object {"utterance": string}' };
  const text = parsed.data.utterance
    .trim()
    .replace(OWN_LABEL, '')
    .replace(/^["“](.*)["”]$/s, '$1')
    .trim();
  if (text === '') return { type: 'invalid', error: 'utterance is empty' };
  if (SPEAKER_LABEL.test(text))
    return { type: 'invalid', error: 'utterance speaks as the interviewer; answer only as the participant' };
  const max = MAX_CHARS[persona.style];
  if (text.length > max)
    return {
      type: 'invalid',
      error: `utterance is too long for a ${persona.style} participant (at most ${max} characters)`,
    };
  return { type: 'ok', utterance: text };
}

export interface LlmPersonaOptions {
  persona: Persona;
  blueprint: Blueprint;
  seed: number;
  /** The run's variables, told to the model as facts. */
  facts: Readonly<Record<string, string>>;
  client: ModelClient;
  model: ModelRef;
  timeoutMs: number;
}

export class LlmPersonaParticipant implements SimParticipant {
  readonly scripted = true;
  private readonly fallback: PersonaParticipant;
  private readonly rng: Rng;
  private readonly system: string;
  private readonly history: Exchange[] = [];
  private calls = 0;
  private retries = 0;
  private fallbacks = 0;

  constructor(private readonly opts: LlmPersonaOptions) {
    this.fallback = new PersonaParticipant(opts.persona, opts.blueprint, opts.seed);
    this.rng = seededRandom(hashString(`pool:${opts.persona.name}`) ^ opts.seed);
    this.system = personaSystemPrompt(opts.persona, opts.blueprint, opts.facts);
  }

  async next(ctx: PromptContext): Promise<string | null> {
    let utterance = pooledAnswer(this.rng, this.opts.persona, ctx) ?? (await this.generate(ctx));
    if (utterance === undefined) {
      this.fallbacks += 1;
      utterance = this.fallback.answer(ctx);
    }
    this.history.push({ agent: ctx.agentText, participant: utterance });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    return utterance;
  }

  stats(): PersonaStats {
    return {
      mode: 'llm',
      model: `${this.opts.model.provider}:${this.opts.model.model}`,
      calls: this.calls,
      retries: this.retries,
      fallbacks: this.fallbacks,
    };
  }

  private async generate(ctx: PromptContext): Promise<string | undefined> {
    const { client, model, persona, blueprint, timeoutMs } = this.opts;
    const user = personaUserPrompt(blueprint, this.history, ctx);
    let previous: { state: RetryState; error: string } | undefined;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (attempt > 0) this.retries += 1;
      this.calls += 1;
      try {
        const res = await client.structured({
          model: model.model,
          system: this.system,
          user,
          name: 'participant_utterance',
          description: "The participant's next utterance in the interview.",
          jsonSchema: OUTPUT_JSON_SCHEMA,
          signal: AbortSignal.timeout(timeoutMs),
          correction:
            previous !== undefined
              ? { state: previous.state, message: retryInstruction(previous.error) }
              : undefined,
        });
        const checked = checkUtterance(res.json, persona);
        if (checked.type === 'ok') return checked.utterance;
        previous = { state: res.retry, error: checked.error };
      } catch {
        // Provider error or timeout: the retry starts afresh.
        previous = undefined;
      }
    }
    return undefined;
  }

  close(): void {}
}
