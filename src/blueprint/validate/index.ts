import type { Blueprint } from '../schema.js';
import { checkConditions } from './conditions.js';
import { checkConfirmAndFaq } from './confirm.js';
import { buildFieldScope } from './field-types.js';
import { checkGraph } from './graph-checks.js';
import type { BlueprintProblem } from './problems.js';
import { checkReferences } from './references.js';

export { checkShape } from './shape.js';
export * from './problems.js';

/**
 * Pass two: every check that needs a well-shaped blueprint (graph structure, names and references,
 * condition fields and operators). Problems carry a path, not a position; pure.
 */
export function validateBlueprint(blueprint: Blueprint): BlueprintProblem[] {
  return [
    ...checkGraph(blueprint),
    ...checkReferences(blueprint),
    ...checkConditions(blueprint, buildFieldScope(blueprint)),
    ...checkConfirmAndFaq(blueprint),
  ];
}
