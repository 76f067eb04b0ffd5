import type { AnswerNode, Blueprint } from '../../blueprint/schema.js';
import { step } from '../../engine/index.js';
import type { EngineState, FieldValue } from '../../engine/types.js';
import { numberRange } from './capture-number.js';

/**
 * Number fields whose stated range straddles a route: "five to ten percent" when the graph branches at
 * eight, or one number is what the node asks for ("the largest increase you would accept"). Routing on the
 * midpoint would guess, so such a field is left uncaptured and the probe asks for a number. Decided by stepping the (pure) engine with each end of the range and comparing where it
 * goes; a range that cannot change the route is kept at its midpoint.
 */
/** The node asks for one number ("the largest increase you would accept") and may ask to quantify. */
function asksForOneNumber(node: AnswerNode, description: string | undefined): boolean {
  const techniques = node.probing?.techniques;
  const quantify = techniques === undefined || techniques.includes('quantify');
  const wording = `${node.objective ?? ''} ${description ?? ''}`;
  return quantify && /\b(largest|maximum|max|highest|lowest|minimum|smallest|exact|precise)\b/i.test(wording);
}

/** Would the engine route differently on the low and the high end of a rating range? */
export function ratingStraddles(
  blueprint: Blueprint,
  state: EngineState,
  utterance: string,
  range: readonly [number, number],
  now: number,
): boolean {
  const where = (v: number): string => {
    const r = step(
      blueprint,
      state,
      {
        type: 'answered',
        text: utterance,
        assessment: { objective_met: true, value: v, fields: {}, probe: null },
      },
      now,
    );
    return `${r.state.status}:${r.state.current_node ?? ''}`;
  };
  return where(range[0]) !== where(range[1]);
}

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
    if (where(range[0]) !== where(range[1]) || asksForOneNumber(node, field.description)) out.push(name);
  }
  return out;
}
