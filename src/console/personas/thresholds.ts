import type { Blueprint, Condition } from '../../blueprint/schema.js';

/**
 * Values of a number field that take a conditional branch of the blueprint (`experience.years_experience
 * < 2` → 1), so that scripted personas exercise branches that depend on a captured number.
 */
export function branchValues(bp: Blueprint, key: string, field: string): number[] {
  const path = `${key}.${field}`;
  const out: number[] = [];
  const walk = (c: Condition): void => {
    switch (c.type) {
      case 'structured': {
        if (c.field !== path || typeof c.value !== 'number') return;
        if (!['eq', 'neq', 'gt', 'gte', 'lt', 'lte'].includes(c.operator)) return;
        const v = c.value;
        const hit = c.operator === 'lt' ? v - 1 : c.operator === 'gt' || c.operator === 'neq' ? v + 1 : v;
        if (!out.includes(hit)) out.push(hit);
        return;
      }
      case 'all':
      case 'any':
        for (const x of c.conditions) walk(x);
        return;
      case 'not':
        walk(c.condition);
        return;
      case 'answered':
      case 'skipped':
        return;
    }
  };
  for (const e of bp.graph.edges) if (e.condition !== undefined) walk(e.condition);
  return out;
}
