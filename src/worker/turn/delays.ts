import { z } from 'zod';
import type { BlueprintNode, Endpointing } from '../../blueprint/schema.js';
import { expectationFor, isTyped } from './expectation.js';

/**
 * How long the agent waits after the participant stops speaking (ms since the end of speech), by the
 * worker's turn detector and the pending node's `endpointing` hint (`normal` when unset). The framework
 * waits `minDelay` when the detector finds the turn likely over and `maxDelay` when it finds it unlikely;
 * plain VAD endpointing has no detector and always waits `minDelay`.
 *
 * Parley's detector (judge.ts) has two rows: `typed` nodes (yes/no, rating, choice, consent) end a complete
 * typed answer after the short `minDelay`, and wait `maxDelay` for a trailing or unread one; `open` nodes
 * end a finished thought after `minDelay` and wait `maxDelay` when it trails off.
 */

export const turnDetectorSchema = z.enum(['vad', 'livekit', 'parley']);
export type TurnDetectorName = z.infer<typeof turnDetectorSchema>;
/** The worker's default (PARLEY_TURN_DETECTOR), chosen from `npm run bench -- turns` (README). */
export const DEFAULT_TURN_DETECTOR: TurnDetectorName = 'parley';

export const turnDelaysSchema = z.strictObject({ minDelay: z.number().int(), maxDelay: z.number().int() });
export type TurnDelays = z.infer<typeof turnDelaysSchema>;

/** VAD endpointing and LiveKit's model: one row for every node (the delays of issue 7). */
export const ENDPOINTING_MS: Record<Endpointing, TurnDelays> = {
  quick: { minDelay: 400, maxDelay: 2500 },
  normal: { minDelay: 700, maxDelay: 3000 },
  patient: { minDelay: 1800, maxDelay: 6000 },
};

/** Parley's detector: a row per node kind. */
export const PARLEY_DELAYS_MS: Record<'typed' | 'open', Record<Endpointing, TurnDelays>> = {
  typed: {
    quick: { minDelay: 250, maxDelay: 1800 },
    normal: { minDelay: 350, maxDelay: 2000 },
    patient: { minDelay: 600, maxDelay: 3000 },
  },
  open: {
    quick: { minDelay: 400, maxDelay: 2000 },
    normal: { minDelay: 700, maxDelay: 2500 },
    patient: { minDelay: 1800, maxDelay: 4500 },
  },
};

export function endpointingHint(node: BlueprintNode | undefined): Endpointing {
  return node !== undefined && 'endpointing' in node && node.endpointing !== undefined
    ? node.endpointing
    : 'normal';
}

/** The delays for the pending node under `detector`. */
export function turnDelaysFor(detector: TurnDetectorName, node: BlueprintNode | undefined): TurnDelays {
  const hint = endpointingHint(node);
  switch (detector) {
    case 'vad':
    case 'livekit':
      return ENDPOINTING_MS[hint];
    case 'parley':
      return PARLEY_DELAYS_MS[isTyped(expectationFor(node)) ? 'typed' : 'open'][hint];
  }
}
