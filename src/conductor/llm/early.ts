import { z } from 'zod';
import type { Agent } from '../../agent/schema.js';
import { partialObject } from '../../llm/partial.js';
import { interpretOffline } from '../rules/interpret.js';
import type { InterpretInput, Interpretation } from '../types.js';

/** The two ways a turn gets its answer sooner: an acknowledgement spoken early, and no model at all. */

const acknowledgementSchema = z.string().trim().min(1).max(300);

/**
 * Reads the acknowledgement from the assessment while it streams and hands it on once, as soon as its
 * string is complete; `mark` records on the interpretation that it was spoken (speak adds no other).
 */
export function earlyAcknowledgement(on: ((text: string) => void) | undefined): {
  onText: ((jsonSoFar: string) => void) | undefined;
  mark(i: Interpretation): Interpretation;
} {
  let spoken: string | undefined;
  let done = false;
  return {
    onText:
      on === undefined
        ? undefined
        : (jsonSoFar) => {
            if (done) return;
            const partial = partialObject(jsonSoFar);
            if (partial === undefined || !('acknowledgement' in partial)) return;
            done = true; // complete (a string or null): read once
            const ack = acknowledgementSchema.safeParse(partial['acknowledgement']);
            if (!ack.success) return;
            spoken = ack.data;
            on(spoken);
          },
    mark(i) {
      if (spoken === undefined) return i;
      const { acknowledgement: _prepared, ...wording } = i.wording;
      return { ...i, wording: { ...wording, spoken_acknowledgement: spoken } };
    },
  };
}

/** Above this confidence (when the rules report one) a typed answer is read with certainty. */
const CERTAIN = 0.9;

/**
 * No model on the critical path when it cannot change the outcome: a typed answer (yes/no, choice,
 * rating) the rules read with certainty, at a node with no capture fields and no probing left, is routed
 * at once (0 model calls). The rules' `confidence`, when they give one, must be at least CERTAIN.
 */
export function routeByRules(agent: Agent, input: InterpretInput, canProbe: boolean): Interpretation | null {
  const node = input.node;
  if (node.type !== 'yes_no' && node.type !== 'choice' && node.type !== 'rating') return null;
  if (canProbe || Object.keys(node.capture).length > 0) return null;
  const offline = interpretOffline(agent, input);
  if (offline.kind !== 'answer' || offline.notes.value === undefined) return null;
  const confidence: unknown = 'confidence' in offline.notes ? offline.notes.confidence : undefined;
  if (typeof confidence === 'number' && confidence < CERTAIN) return null;
  return { ...offline, notes: { ...offline.notes, detail: 'routed by the rules: certain typed answer' } };
}
