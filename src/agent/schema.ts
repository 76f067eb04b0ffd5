import { z } from 'zod';
import { techniqueSchema } from '../blueprint/schema.js';

/**
 * The interviewer persona (`agent` resource). Field names follow the seed APIs: persona, voice,
 * techniques, probing_depth, boundaries, model_config. The store's agents API and the console's
 * `--agent agent.yaml` both parse with `agentSchema`.
 */

export const toneSchema = z
  .enum(['conversational', 'professional', 'friendly', 'formal', 'empathetic', 'neutral'])
  .describe('How the agent sounds.');
export type Tone = z.infer<typeof toneSchema>;

export const personaSchema = z.strictObject({
  system_prompt: z.string().max(8000).default(''),
  tone: toneSchema.default('conversational'),
  /** BCP 47 language tag the agent speaks in (offline templates are English only). */
  language: z.string().min(2).max(35).default('en'),
});
export type Persona = z.infer<typeof personaSchema>;

export const voiceSchema = z.strictObject({
  provider: z.string().min(1).max(100).default('openai'),
  voice_id: z.string().min(1).max(200).default('alloy'),
  speed: z.number().min(0.5).max(2).default(1),
});
export type Voice = z.infer<typeof voiceSchema>;

export const probingDepthSchema = z
  .enum(['light', 'moderate', 'deep'])
  .describe(
    'light: probe only when the objective is not met; moderate: also short answers; deep: also answers without an example or reason.',
  );
export type ProbingDepth = z.infer<typeof probingDepthSchema>;

export const offTopicHandlingSchema = z.enum(['gentle_redirect', 'strict_redirect', 'allow']);
export type OffTopicHandling = z.infer<typeof offTopicHandlingSchema>;

export const boundariesSchema = z.strictObject({
  max_follow_ups_per_question: z.number().int().min(0).max(10).default(3),
  off_topic_handling: offTopicHandlingSchema.default('gentle_redirect'),
  /** Topics never probed: a keyword or phrase each, matched case-insensitively in the participant's words. */
  sensitive_topics: z.array(z.string().min(1).max(200)).max(100).default([]),
});
export type Boundaries = z.infer<typeof boundariesSchema>;

export const providerSchema = z.enum(['openai', 'anthropic']);
export type Provider = z.infer<typeof providerSchema>;

export const modelRefSchema = z.strictObject({
  provider: providerSchema,
  model: z.string().min(1).max(200),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

export const DEFAULT_MODELS = {
  generation: { provider: 'openai', model: 'gpt-4o-mini' },
  assessment: { provider: 'openai', model: 'gpt-4o-mini' },
} as const satisfies Record<string, ModelRef>;

export const modelConfigSchema = z.strictObject({
  /** Phrasing: follow-ups, clarifications and redirects in the persona (streamed). */
  generation: modelRefSchema.default(DEFAULT_MODELS.generation),
  /** Assessment of each answer (structured output). Pick a fast model: it is on every turn's critical path. */
  assessment: modelRefSchema.default(DEFAULT_MODELS.assessment),
});
export type ModelConfig = z.infer<typeof modelConfigSchema>;

export const agentSchema = z
  .strictObject({
    /** Optional in files; the store assigns ids. */
    id: z.string().min(1).max(100).optional(),
    name: z.string().min(1).max(200).default('Interviewer'),
    description: z.string().max(2000).optional(),
    persona: personaSchema.default({ system_prompt: '', tone: 'conversational', language: 'en' }),
    voice: voiceSchema.default({ provider: 'openai', voice_id: 'alloy', speed: 1 }),
    /** Techniques this agent may use; a node's own `probing.techniques` narrows them further. Empty = all. */
    techniques: z.array(techniqueSchema).default([]),
    probing_depth: probingDepthSchema.default('moderate'),
    boundaries: boundariesSchema.default({
      max_follow_ups_per_question: 3,
      off_topic_handling: 'gentle_redirect',
      sensitive_topics: [],
    }),
    model_config: modelConfigSchema.default({
      generation: DEFAULT_MODELS.generation,
      assessment: DEFAULT_MODELS.assessment,
    }),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('A Parley interviewer persona: how the agent speaks, probes and stays within bounds.');
export type Agent = z.infer<typeof agentSchema>;
/** What authors write (defaults not yet applied). */
export type AgentInput = z.input<typeof agentSchema>;

export const DEFAULT_SYSTEM_PROMPT =
  'You are a warm, curious and neutral research interviewer. You listen carefully, ask one thing at a time, ' +
  'never lead the participant, and keep the conversation moving.';

/** The agent used when none is configured. */
export const defaultAgent: Agent = agentSchema.parse({
  name: 'Parley interviewer',
  persona: { system_prompt: DEFAULT_SYSTEM_PROMPT, tone: 'conversational', language: 'en' },
});
