import { z } from '@hono/zod-openapi';
import {
  agentSchema as agentDefinitionSchema,
  boundariesSchema,
  modelRefSchema,
  offTopicHandlingSchema,
  personaSchema,
  probingDepthSchema,
  toneSchema,
  voiceSchema,
} from '../../agent/schema.js';
import { techniqueSchema } from '../../blueprint/schema.js';
import { isoTime, metadataSchema, NOT_BLANK } from './common.js';

/**
 * The agent API takes exactly what the worker and the console accept (src/agent/schema.ts): every enum and
 * limit comes from there, so an agent the store stores is an agent the interview can run.
 */
const providerModel = modelRefSchema;

/** The configurable part of an agent (seed: persona, voice, techniques, probing_depth, boundaries, model_config). */
export const agentConfigShape = {
  description: agentDefinitionSchema.shape.description.unwrap().nullable().optional(),
  persona: z
    .strictObject({
      system_prompt: personaSchema.shape.system_prompt.unwrap().optional(),
      tone: toneSchema.default('conversational'),
      language: personaSchema.shape.language.unwrap().default('en'),
    })
    .optional(),
  voice: z
    .strictObject({
      provider: voiceSchema.shape.provider.unwrap(),
      voice_id: voiceSchema.shape.voice_id.unwrap(),
      speed: voiceSchema.shape.speed.unwrap().default(1),
    })
    .optional(),
  techniques: z.array(techniqueSchema).optional(),
  probing_depth: probingDepthSchema.optional(),
  boundaries: z
    .strictObject({
      max_follow_ups_per_question: boundariesSchema.shape.max_follow_ups_per_question.unwrap().optional(),
      off_topic_handling: offTopicHandlingSchema.optional(),
      sensitive_topics: boundariesSchema.shape.sensitive_topics.unwrap().optional(),
    })
    .optional(),
  model_config: z
    .strictObject({ generation: providerModel.optional(), assessment: providerModel.optional() })
    .optional(),
  metadata: metadataSchema.optional(),
};

export const createAgentBody = z
  .strictObject({
    name: z.string().max(200).trim().min(1).openapi({ pattern: NOT_BLANK }),
    ...agentConfigShape,
  })
  .openapi('CreateAgent');
export type CreateAgentBody = z.infer<typeof createAgentBody>;

export const updateAgentBody = z
  .strictObject({
    name: z.string().max(200).trim().min(1).openapi({ pattern: NOT_BLANK }).optional(),
    ...agentConfigShape,
  })
  .openapi('UpdateAgent');
export type UpdateAgentBody = z.infer<typeof updateAgentBody>;

const modelConfigOut = z.object({
  generation: z.object({ provider: z.string(), model: z.string() }).nullable(),
  assessment: z.object({ provider: z.string(), model: z.string() }).nullable(),
});

export const agentSchema = z
  .object({
    id: z.string(),
    object: z.literal('agent'),
    organization_id: z.string(),
    test_mode: z.boolean(),
    name: z.string(),
    description: z.string().nullable(),
    version: z.number().int(),
    is_default: z.boolean(),
    persona: z.object({ system_prompt: z.string().nullable(), tone: z.string(), language: z.string() }),
    voice: z.object({ provider: z.string(), voice_id: z.string(), speed: z.number() }).nullable(),
    techniques: z.array(z.string()),
    probing_depth: z.string(),
    boundaries: z.object({
      max_follow_ups_per_question: z.number().int().nullable(),
      off_topic_handling: z.string(),
      sensitive_topics: z.array(z.string()),
    }),
    model_config: modelConfigOut,
    metadata: metadataSchema,
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('Agent');
export type AgentDto = z.infer<typeof agentSchema>;

export const agentVersionSchema = z
  .object({
    object: z.literal('agent_version'),
    agent_id: z.string(),
    version: z.number().int(),
    created_at: isoTime,
    agent: agentSchema,
  })
  .openapi('AgentVersion');
