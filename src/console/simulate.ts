/**
 * `parley simulate`: N interviews with simulated participants, then a coverage report. Each run uses the
 * real engine and the offline conductor, a virtual clock (speaking time estimated from word counts) and a
 * persona chosen by run index — played by a model when a provider is configured (see personas.ts for the
 * UX), else scripted and seeded by the run index, so that a scripted simulation is reproducible.
 *
 * - simulate/run.ts     the runs (a worker pool when a model plays)
 * - simulate/clock.ts   the virtual clock
 * - simulate/edges.ts   which blueprint edges a run took
 * - simulate/report.ts  the coverage report (JSON shape in simulate/types.ts)
 * - simulate/format.ts  the human-readable report
 */
export { formatReport } from './simulate/format.js';
export { runSimulation } from './simulate/run.js';
export type { SimulationReport } from './simulate/types.js';
