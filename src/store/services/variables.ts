import type { Variable } from '../../blueprint/schema.js';
import { ParleyError } from '../../errors/parley-error.js';
import type {
  AccountVariableDto,
  BlueprintVariablesDto,
  ResolvedVariable,
  UpdateVariableBody,
} from '../api/variables.js';
import type { StoreDeps } from '../deps.js';
import type { Tenant } from '../repos/scope.js';
import type { VariableChange, VariableRow } from '../repos/variables.js';

/**
 * The variables a run of a blueprint gets: the blueprint's declared ones (in their order), then the
 * account's others (by name). A value is the blueprint's default, else the account's default_value; a
 * variable is required when either says so, and must be supplied by the run when it is required and has
 * no value.
 */
export function resolveVariables(
  declared: readonly Variable[],
  account: readonly VariableRow[],
): ResolvedVariable[] {
  const byName = new Map(account.map((a) => [a.name, a]));
  const names = [
    ...declared.map((v) => v.name),
    ...account.map((a) => a.name).filter((n) => !declared.some((v) => v.name === n)),
  ];
  return names.map((name) => {
    const bp = declared.find((v) => v.name === name) ?? null;
    const acc = byName.get(name) ?? null;
    const fromBlueprint = bp?.default ?? null;
    const value = fromBlueprint ?? acc?.defaultValue ?? null;
    const required = (bp?.required ?? false) || (acc?.required ?? false);
    return {
      name,
      description: bp?.description ?? acc?.description ?? null,
      required,
      value,
      source: fromBlueprint !== null ? 'blueprint' : value !== null ? 'account' : null,
      must_supply: required && value === null,
      blueprint: bp ? { required: bp.required, default: bp.default ?? null } : null,
      account: acc ? { id: acc.id, required: acc.required, default_value: acc.defaultValue } : null,
    };
  });
}

/**
 * A new run's variables: every resolved value, overridden by what the run supplies. Names neither the
 * blueprint nor the account declares are refused (400 VALIDATION_FAILED); required ones without a value
 * are 400 MISSING_REQUIRED_VARIABLES.
 */
export function runVariables(
  resolved: readonly ResolvedVariable[],
  supplied: Readonly<Record<string, string>>,
): Record<string, string> {
  const known = new Set(resolved.map((v) => v.name));
  const unknown = Object.keys(supplied).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ParleyError('VALIDATION_FAILED', `unknown variables: ${unknown.join(', ')}`, {
      issues: unknown.map((k) => ({
        path: `variables.${k}`,
        message: 'not declared by the blueprint nor an account variable',
      })),
    });
  }
  const missing = resolved.filter((v) => v.must_supply && !Object.hasOwn(supplied, v.name));
  if (missing.length > 0) {
    throw new ParleyError(
      'MISSING_REQUIRED_VARIABLES',
      `missing required variables: ${missing.map((v) => v.name).join(', ')}`,
      { missing: missing.map((v) => v.name) },
    );
  }
  const out: Record<string, string> = {};
  for (const v of resolved) if (v.value !== null) out[v.name] = v.value;
  return Object.assign(out, supplied);
}

/** `GET /v1/blueprints/:id/variables`: the pinned (or latest published, else draft) definition's variables. */
export async function blueprintVariables(
  deps: StoreDeps,
  t: Tenant,
  blueprintId: string,
  version: number | undefined,
): Promise<BlueprintVariablesDto> {
  const bp = await deps.repos.blueprints.get(t, blueprintId);
  const pinned = version ?? bp.publishedVersion ?? null;
  let definition = bp.definition;
  if (pinned !== null) {
    const ver = await deps.repos.blueprints.version(bp.id, pinned);
    if (!ver) throw new ParleyError('NOT_FOUND', `blueprint ${bp.id} has no published version ${pinned}`);
    definition = ver.definition;
  }
  const declared = Array.isArray(definition.variables) ? (definition.variables as Variable[]) : [];
  const data = resolveVariables(declared, await deps.repos.variables.all(t));
  return {
    object: 'list',
    blueprint_id: bp.id,
    blueprint_version: pinned,
    data,
    has_more: false,
    next_cursor: null,
  };
}

/**
 * The changes of a PATCH. A change that would make runs have to supply the variable when they did not
 * have to (turning `required` on without a default, or removing a required variable's default) is
 * refused: it would break run creation for every caller that does not send it.
 */
export function variableChange(row: VariableRow, body: UpdateVariableBody): VariableChange {
  const set: VariableChange = {};
  if (body.default_value !== undefined) set.defaultValue = body.default_value;
  if (body.description !== undefined) set.description = body.description;
  if (body.required !== undefined) set.required = body.required;
  const mustSupplyBefore = row.required && row.defaultValue === null;
  const mustSupplyAfter =
    (set.required ?? row.required) &&
    (set.defaultValue !== undefined ? set.defaultValue : row.defaultValue) === null;
  if (mustSupplyAfter && !mustSupplyBefore) {
    throw new ParleyError(
      'CANNOT_MAKE_VARIABLE_REQUIRED',
      `variable ${row.name} would become required without a default value; runs that do not send it would fail`,
      { name: row.name },
    );
  }
  return set;
}

export function variableDto(r: VariableRow): AccountVariableDto {
  return {
    id: r.id,
    object: 'variable',
    organization_id: r.organizationId,
    test_mode: r.testMode,
    name: r.name,
    default_value: r.defaultValue,
    description: r.description,
    required: r.required,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** 409 VARIABLE_IN_USE while a non-archived blueprint declares a variable of this name. */
export async function assertVariableUnused(deps: StoreDeps, t: Tenant, row: VariableRow): Promise<void> {
  const ids = await deps.repos.blueprints.declaring(t, row.name);
  if (ids.length === 0) return;
  throw new ParleyError(
    'VARIABLE_IN_USE',
    `variable ${row.name} is declared by ${ids.length} blueprint(s) that are not archived: ${ids.join(', ')}`,
    { name: row.name, blueprint_ids: ids },
  );
}
