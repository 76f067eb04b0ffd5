import { z } from '@hono/zod-openapi';
import { isoTime, listOf, paginationQuery, NOT_BLANK } from './common.js';

/** Account-level variables (`/v1/variables`) and a blueprint's variables resolved against them. */

/** The name rule of blueprint variables, so a template can name an account variable too. */
export const variableNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and contain only letters, digits, _ or -')
  .openapi({ example: 'company_name' });

const valueSchema = z.string().max(10_000);
const descriptionSchema = z.string().max(500).trim().min(1).openapi({ pattern: NOT_BLANK });

export const accountVariableSchema = z
  .object({
    id: z.string(),
    object: z.literal('variable'),
    organization_id: z.string(),
    test_mode: z.boolean(),
    name: z.string(),
    default_value: z.string().nullable(),
    description: z.string().nullable(),
    required: z.boolean(),
    created_at: isoTime,
    updated_at: isoTime,
  })
  .openapi('Variable');
export type AccountVariableDto = z.infer<typeof accountVariableSchema>;

export const createVariableBody = z
  .strictObject({
    name: variableNameSchema,
    /** Used by every run of the organisation that does not set the variable itself. */
    default_value: valueSchema.optional(),
    description: descriptionSchema.optional(),
    /** Runs must then supply the value, unless a default (the account's or the blueprint's) exists. */
    required: z.boolean().default(false),
  })
  .openapi('CreateVariable');
export type CreateVariableBody = z.infer<typeof createVariableBody>;

export const updateVariableBody = z
  .strictObject({
    default_value: valueSchema.nullable().optional(),
    description: descriptionSchema.nullable().optional(),
    required: z.boolean().optional().openapi({
      description:
        'Can be turned off at any time; turning it on would break run creation for integrations that do not send it (409 CANNOT_MAKE_VARIABLE_REQUIRED), unless the variable has a default_value.',
    }),
  })
  .openapi('UpdateVariable', { description: 'The name cannot be changed.' });
export type UpdateVariableBody = z.infer<typeof updateVariableBody>;

export const listVariablesQuery = z.object({ ...paginationQuery });

export const variableSourceSchema = z.enum(['blueprint', 'account']);

export const resolvedVariableSchema = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    /** Required by the blueprint or by the account variable. */
    required: z.boolean(),
    /** The value a run gets when it does not set the variable (null: none). */
    value: z.string().nullable(),
    /** Where `value` comes from: the blueprint's default wins over the account's. */
    source: variableSourceSchema.nullable(),
    /** Required and without a value: every run must supply it (else 400 MISSING_REQUIRED_VARIABLES). */
    must_supply: z.boolean(),
    blueprint: z
      .object({ required: z.boolean(), default: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The declaration in the blueprint (null: an account variable only).' }),
    account: z
      .object({ id: z.string(), required: z.boolean(), default_value: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The account variable of that name (null: none).' }),
  })
  .openapi('ResolvedVariable');
export type ResolvedVariable = z.infer<typeof resolvedVariableSchema>;

export const blueprintVariablesQuery = z.object({
  version: z.coerce.number().int().min(1).max(1_000_000).optional().openapi({
    description: 'A published version; defaults to the latest published one (the draft when none is).',
  }),
});

export const blueprintVariablesSchema = listOf(resolvedVariableSchema)
  .extend({
    blueprint_id: z.string(),
    /** The published version resolved; null for the draft. */
    blueprint_version: z.number().int().nullable(),
  })
  .openapi('BlueprintVariables');
export type BlueprintVariablesDto = z.infer<typeof blueprintVariablesSchema>;
