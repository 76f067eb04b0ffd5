import type { ConsoleClock } from '../runner.js';

/**
 * The virtual clock of a simulated run: speaking time estimated from word counts, so that durations in
 * the report are reproducible and a run takes no wall-clock time.
 */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1);
/** Speaking rates for duration estimates (words per second) and pauses (ms). */
export const AGENT_WPS = 2.5;
export const PARTICIPANT_WPS = 2.3;
export const AGENT_PAUSE_MS = 500;
export const PARTICIPANT_PAUSE_MS = 1500;

export function virtualClock(start = SIM_EPOCH_MS): ConsoleClock {
  let t = start;
  return {
    now: () => t,
    spoke: (role, text) => {
      const words = text.split(/\s+/).filter((w) => w !== '').length;
      t +=
        role === 'agent'
          ? Math.round((words / AGENT_WPS) * 1000) + AGENT_PAUSE_MS
          : Math.round((words / PARTICIPANT_WPS) * 1000) + PARTICIPANT_PAUSE_MS;
    },
  };
}
