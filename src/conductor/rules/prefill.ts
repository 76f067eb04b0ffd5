import { isAnswerNode, type Blueprint } from '../../blueprint/schema.js';
import { bfsOrder } from '../../engine/index.js';
import type { EngineState, FieldValue } from '../../engine/types.js';
import { captureEnum } from './capture-enum.js';
import { captureNumber, unitWords } from './capture-number.js';
import { parseYesNo } from './yes-no.js';
import { words } from './text.js';

/**
 * Answers to later questions given early ("seven years, and before you ask, around 140k"): fields of
 * nodes further down the graph that this turn states clearly — a number with the field's own unit, or
 * an enum option — and that differ from what the current node took. The engine keeps them and asks
 * that node as a brief confirmation; a plain "yes" to it takes them as the answer.
 */
export function laterFields(
  bp: Blueprint,
  state: EngineState,
  nodeId: string,
  utterance: string,
  current: Readonly<Record<string, FieldValue>>,
): Record<string, Record<string, FieldValue>> {
  const taken = new Set(Object.values(current).map((v) => String(v).toLowerCase()));
  const out: Record<string, Record<string, FieldValue>> = {};
  for (const id of bfsOrder(bp, [nodeId])) {
    const node = bp.graph.nodes[id];
    if (id === nodeId || node === undefined || !isAnswerNode(node) || state.answers[id] !== undefined)
      continue;
    const fields: Record<string, FieldValue> = {};
    for (const [name, field] of Object.entries(node.capture)) {
      let v: FieldValue | undefined;
      if (field.type === 'number' && unitWords(name, field.description).length > 0)
        v = captureNumber(name, field, utterance, new Set(), { restate: true });
      else if (field.type === 'enum') v = captureEnum(field.options, utterance);
      if (v !== undefined && !taken.has(String(v).toLowerCase())) fields[name] = v;
    }
    if (Object.keys(fields).length > 0) out[id] = fields;
  }
  return out;
}

/** A short "yes, that's right" to a pre-filled question. */
export function confirmsPrefill(utterance: string): boolean {
  return words(utterance).length <= 8 && parseYesNo(utterance).type === 'yes';
}
