import type { ConversationRecorder } from './recording.js';

/**
 * The job's recorder, from where it starts (run-job.ts, when the participant's session starts) to where it
 * ends (teardown.ts, before finalize). Keyed by the one per-job object both see: the job's metrics
 * reporter, which the controller hands to teardown unchanged.
 */
const slots = new WeakMap<object, ConversationRecorder>();

export function attachRecorder(job: object, recorder: ConversationRecorder): void {
  slots.set(job, recorder);
}

/** The job's recorder, once (the caller finishes it). */
export function takeRecorder(job: object): ConversationRecorder | null {
  const r = slots.get(job) ?? null;
  slots.delete(job);
  return r;
}
