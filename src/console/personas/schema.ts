import { z } from 'zod';
import { providerSchema, type ModelRef } from '../../agent/schema.js';
import { ParleyError } from '../../errors/parley-error.js';
import { loadDataFile, parseDataSource, zodValidator, type DataFileSpec } from '../../files/load.js';

/**
 * The personas file of `parley simulate` (see src/console/personas.ts for the format and the UX).
 * Parsed with zod where it enters (`loadPersonasFile`).
 */
export const personaStyleSchema = z.enum([
  'cooperative',
  'terse',
  'rambling',
  'off_topic',
  'refusing',
  'contradicting',
]);
export type PersonaStyle = z.infer<typeof personaStyleSchema>;

/** How a persona is played: by a model (`llm`) or by the seeded script (`scripted`). */
export const personaModeSchema = z.enum(['llm', 'scripted']);
export type PersonaMode = z.infer<typeof personaModeSchema>;

/** The file-level / CLI choice: `auto` plays personas with a model when its provider has an API key. */
export const personaModeSettingSchema = z.enum(['auto', 'llm', 'scripted']);
export type PersonaModeSetting = z.infer<typeof personaModeSettingSchema>;

/** `provider:model`, e.g. `openai:gpt-4o-mini` or `anthropic:claude-3-5-haiku-latest`. */
export const modelSpecSchema = z
  .string()
  .regex(/^[a-z]+:\S+$/, 'expected provider:model, e.g. openai:gpt-4o-mini')
  .transform((s, ctx): ModelRef => {
    const at = s.indexOf(':');
    const provider = providerSchema.safeParse(s.slice(0, at));
    if (!provider.success) {
      ctx.addIssue({ code: 'custom', message: `unknown provider "${s.slice(0, at)}" (openai or anthropic)` });
      return z.NEVER;
    }
    return { provider: provider.data, model: s.slice(at + 1) };
  });

export function parseModelSpec(spec: string, where: string): ModelRef {
  const parsed = modelSpecSchema.safeParse(spec);
  if (!parsed.success)
    throw new ParleyError(
      'INVALID_CONFIG',
      `${where}: ${parsed.error.issues[0]?.message ?? 'invalid model'}`,
    );
  return parsed.data;
}

export const llmPersonaSettingsSchema = z.strictObject({
  mode: personaModeSettingSchema.default('auto'),
  /** Default: the agent's `model_config.generation`. */
  model: modelSpecSchema.optional(),
  /** Per model call; a timed-out call is retried once, then the scripted persona answers. */
  timeout_ms: z.number().int().min(100).max(120_000).default(15_000),
  /** Runs in parallel when personas are played by a model. */
  concurrency: z.number().int().min(1).max(32).default(4),
});
export type LlmPersonaSettings = z.infer<typeof llmPersonaSettingsSchema>;

const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const personaSchema = z.strictObject({
  name: z.string().min(1).max(100),
  style: personaStyleSchema,
  /** The participant's character; part of the model's persona prompt. */
  description: z.string().max(1000).optional(),
  /** Relative share of the runs (default 1). */
  weight: z.number().int().min(1).max(100).default(1),
  /** `scripted` keeps this persona scripted even when the others are played by a model. */
  mode: personaModeSchema.optional(),
  /** Probability of "yes" for yes/no questions (default depends on the style). */
  yes_rate: z.number().min(0).max(1).optional(),
  /** Utterance pools by question key (or node id); one is picked per prompt (scripted and llm modes). */
  answers: z.record(z.string(), z.union([text, z.array(text).min(1)])).default({}),
  participant_name: z.string().min(1).max(200).optional(),
  /** Variables for this persona's runs (override the file's `vars`); told to the model as facts. */
  vars: z.record(z.string(), text).default({}),
});
export type Persona = z.infer<typeof personaSchema>;

export const personasFileSchema = z.strictObject({
  description: z.string().optional(),
  vars: z.record(z.string(), text).default({}),
  llm: llmPersonaSettingsSchema.optional(),
  personas: z.array(personaSchema).min(1),
});
export type PersonasFile = z.infer<typeof personasFileSchema>;

export const ALL_STYLES: readonly PersonaStyle[] = personaStyleSchema.options;

/** Every built-in style once: what `--personas` defaults to. */
export function defaultPersonas(): PersonasFile {
  return {
    vars: {},
    personas: ALL_STYLES.map((style) => ({
      name: style.replace('_', '-'),
      style,
      weight: 1,
      answers: {},
      vars: {},
    })),
  };
}

export const MAX_PERSONAS_FILE_BYTES = 512 * 1024;

export const personasFile: DataFileSpec<PersonasFile> = {
  name: 'personas file',
  invalidCode: 'INVALID_CONFIG',
  maxBytes: MAX_PERSONAS_FILE_BYTES,
  validate: zodValidator(personasFileSchema),
};

/** Parse personas text (src/files: YAML_SYNTAX / INVALID_CONFIG at file:line:col). */
export function parsePersonasSource(source: string, file: string): PersonasFile {
  return parseDataSource(personasFile, source, file);
}

export function loadPersonasFile(path: string): Promise<PersonasFile> {
  return loadDataFile(personasFile, path);
}

/** Run index → persona (weights expanded, round-robin), so every persona gets its share. */
export function personaForRun(file: PersonasFile, index: number): Persona {
  const expanded: Persona[] = [];
  for (const p of file.personas) for (let i = 0; i < p.weight; i += 1) expanded.push(p);
  return expanded[index % expanded.length] as Persona;
}
