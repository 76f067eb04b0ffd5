/** The pure interview engine: `start` a run, then `step` it with events. */
export { start } from './start.js';
export { step } from './step.js';
export { computeProgress } from './progress.js';
export { bfsOrder } from './reach.js';
export * from './types.js';
