import type { AnswerNode, Blueprint } from '../../blueprint/schema.js';
import { step } from '../../engine/index.js';
import type { Assessment, EngineState, FieldValue } from '../../engine/types.js';
import { numberRange } from './capture-number.js';

/**
 * Ranges that straddle a route: "five to ten percent" when the graph branches at eight, a rating of
 * "six or seven" on an NPS question. Routing on the midpoint would guess. Decided by stepping the (pure)
 * engine with each end of the range and comparing where it goes; a range that cannot change the route
 * is kept at its midpoint.
 */

/** Where the engine would go on this assessment (status and node). */
function routeOn(
  blueprint: Blueprint,
  state: EngineState,
  utterance: string,
  assessment: Assessment,
  now: number,
): string {
  const r = step(blueprint, state, { type: 'answered', text: utterance, assessment }, now);
  return `${r.state.status}:${r.state.current_node ?? ''}`;
}

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
  const at = (v: number) =>
    routeOn(blueprint, state, utterance, { objective_met: true, value: v, fields: {}, probe: null }, now);
  return at(range[0]) !== at(range[1]);
}

/**
 * Number fields to leave uncaptured (the probe then asks for a number): a stated range whose ends route
 * differently, or any range where the node asks for one number.
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
    const at = (v: number) =>
      routeOn(
        blueprint,
        state,
        utterance,
        { objective_met: true, fields: { ...fields, [name]: v }, probe: null },
        now,
      );
    if (asksForOneNumber(node, field.description) || at(range[0]) !== at(range[1])) out.push(name);
  }
  return out;
}

/**
 * Does this answer knock the participant out — route into an end node that the node's plain answer
 * (no value, no fields) would not reach? Then probing for more detail is pointless: the interview is
 * closing on that value (and confirms it first when it is uncertain).
 */
export function knocksOut(
  blueprint: Blueprint,
  state: EngineState,
  utterance: string,
  assessment: Pick<Assessment, 'fields' | 'value'>,
  now: number,
): boolean {
  const plain = routeOn(blueprint, state, utterance, { objective_met: true, fields: {}, probe: null }, now);
  const a: Assessment = { objective_met: true, fields: { ...assessment.fields }, probe: null };
  if (assessment.value !== undefined) a.value = assessment.value;
  const routed = routeOn(blueprint, state, utterance, a, now);
  if (routed === plain) return false;
  const node = routed.slice(routed.indexOf(':') + 1);
  return blueprint.graph.nodes[node]?.type === 'end';
}
