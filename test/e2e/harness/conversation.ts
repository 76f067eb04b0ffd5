import type { TestParticipant } from './participant.js';
import type { Stack } from './stack.js';

/**
 * The participant's side of a spoken exchange in the e2e suites. `stack` is read when called (suites
 * start theirs in `beforeAll`).
 */
export function conversation(stack: () => Pick<Stack, 'dg'>) {
  return {
    /** Say `text` as the participant: the fake STT will transcribe the segment as `text`. */
    async answer(p: TestParticipant, text: string): Promise<void> {
      stack().dg.script(text);
      await p.say(text);
    },
    /** Wait for the agent to say something matching `re` (caption) with real audio, then finish speaking. */
    async hear(p: TestParticipant, re: RegExp, timeoutMs = 45_000): Promise<void> {
      const since = p.captions.length;
      const sound = p.soundMs;
      await p.waitForCaption(re, { since, timeoutMs });
      await p.waitFor('agent audio', () => p.soundMs - sound >= 300, timeoutMs);
      await p.waitForQuiet(900, timeoutMs);
    },
  };
}
