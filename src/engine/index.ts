/** The pure interview engine: `start` a run, then `step` it with events. */
export { start } from './start.js';
export { step } from './step.js';
export { computeProgress } from './progress.js';
export {
  timePhase,
  wrapUpMarginMs,
  maxDurationMs,
  WRAP_UP_MARGIN_FRACTION,
  WRAP_UP_MARGIN_MAX_MS,
} from './timing.js';
export type { TimePhase } from './timing.js';
export { reachableAnswerNodes, outgoingEdges, bfsOrder } from './reach.js';
export { DEFAULT_TEXTS } from './texts.js';
export * from './types.js';
