import type { AnswerNode, Blueprint } from '../../blueprint/schema.js';
import { step } from '../../engine/index.js';
import type { EngineState, FieldValue } from '../../engine/types.js';
import { numberRange } from './capture-number.js';

/**
 * Number fields whose stated range straddles a route: "five to ten percent" when the graph branches at
 * eight. Routing on the midpoint would guess, so such a field is left uncaptured and the probe asks for
 * a number. Decided by stepping the (pure) engine with each end of the range and comparing where it
 * goes; a range that cannot change the route is kept at its midpoint.
 */
export function straddlingFields(
  blueprint: Blueprint,
  state: EngineState,
  node: AnswerNode,
  utterance: string,
  fields: Readonly<Record<string, FieldValue>>,
  now: number,
): string[] {
  const out: string[] = [];
  for (const [name, field] of Object.entries(node.capture)) {
    const value = fields[name];
    if (field.type !== 'number' || typeof value !== 'number') continue;
    const range = numberRange(name, field, utterance, value);
    if (range === undefined) continue;
    const where = (v: number): string => {
      const r = step(
        blueprint,
        state,
        {
          type: 'answered',
          text: utterance,
          assessment: { objective_met: true, fields: { ...fields, [name]: v }, probe: null },
        },
        now,
      );
      return `${r.state.status}:${r.state.current_node ?? ''}`;
    };
    if (where(range[0]) !== where(range[1])) out.push(name);
  }
  return out;
}
