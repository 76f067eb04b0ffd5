import { ReplayText } from './replay-text.js';
import { SPEECH_BREAK } from './speech-text.js';
import type { Computed, ParticipantUtterance, Snapshot, Speculation, Utterance } from './types.js';

/** What a speculation needs from its interview session (closures over the session's private state). */
export interface SpeculationHost {
  /** Whether the interview is still where the snapshot of this version found it, with no step queued. */
  current(version: number): boolean;
  snapshot(): Snapshot;
  /** `onAcknowledgement`: the streaming assessment's acknowledgement, as soon as it is complete. */
  compute(
    text: string,
    snap: Snapshot,
    signal: AbortSignal,
    onAcknowledgement: (text: string) => void,
    onModelCall: () => void,
  ): Promise<Computed>;
  /** `acknowledged`: the acknowledgement was already streamed into the reply. */
  phrase(
    text: string,
    snap: Snapshot,
    c: Computed,
    gate: Promise<boolean>,
    signal: AbortSignal,
    acknowledged: boolean,
  ): Utterance;
  apply(text: string, input: ParticipantUtterance, snap: Snapshot, c: Computed): void;
  serial<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Interpret and phrase `text` on a snapshot of the interview, recording nothing: the reply streams into
 * a replay buffer at once (so speech can be synthesised before the turn is over), its acknowledgement first
 * while the assessment is still streaming; `accept` applies the
 * step and opens the gate that records the agent turn, `discard` aborts the model calls.
 */
export function speculate(host: SpeculationHost, text: string, confidence?: number): Speculation {
  const trimmed = text.trim();
  const snap = host.snapshot();
  const abort = new AbortController();
  let open!: (commit: boolean) => void;
  const gate = new Promise<boolean>((r) => (open = r));
  // The reply starts with the assessment's acknowledgement as soon as it has streamed in (before the
  // rest of the assessment is known); the phrased reply follows without one of its own.
  let early!: (ack: string | null) => void;
  const acknowledgement = new Promise<string | null>((r) => (early = r));
  let calls = 0;
  const computed = host.compute(
    trimmed,
    snap,
    abort.signal,
    (ack) => early(ack),
    () => (calls += 1),
  );
  const spoken = computed.then(
    (c) => {
      early(null);
      return c.interpretation.wording.spoken_acknowledgement !== undefined;
    },
    () => {
      early(null);
      return false;
    },
  );
  const utterance = computed.then(async (c) =>
    host.phrase(trimmed, snap, c, gate, abort.signal, await spoken),
  );
  const reply = new ReplayText(
    (async function* () {
      const ack = await acknowledgement;
      // the acknowledgement is spoken as soon as it is complete, not once the next sentence has started
      if (ack !== null && !abort.signal.aborted) yield* [ack, SPEECH_BREAK];
      const u = await utterance.catch(() => null);
      if (u !== null && !abort.signal.aborted) yield* u.text.withBreaks();
    })(),
  );
  let settled = false;
  const settle = (commit: boolean): void => {
    if (settled) return;
    settled = true;
    open(commit);
    if (!commit) abort.abort();
  };
  return {
    text: trimmed,
    reply,
    accept: (input) => {
      if (settled || !host.current(snap.version)) return null;
      return host.serial(async () => {
        try {
          const c = await computed;
          const u = await utterance;
          const times = await input;
          host.apply(
            trimmed,
            { ...times, confidence: times.confidence ?? confidence, text: trimmed },
            snap,
            c,
          );
          settle(true);
          return { ...u, text: reply };
        } finally {
          settle(false);
        }
      });
    },
    discard: () => settle(false),
    modelCalls: () => calls,
  };
}
