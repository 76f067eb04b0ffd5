import { describe, expect, test } from 'vitest';
import { REACTION_MS, RESUME_WINDOW_MS, resumesPrevious } from '../../../src/worker/job/participant-turn.js';

/**
 * When a turn goes on with the one before (the reply to it cut off unheard): times in ms, as the
 * framework's speech metrics give them. The answer "Seven." ended at 10,000; the reply began playing at
 * 10,650 (commit + first audio).
 */
const END = 10_000;
const REPLY = 10_650;

describe('resumesPrevious', () => {
  test('speech that began during the pause, or as the reply began, goes on with the answer', () => {
    expect(resumesPrevious(10_600, END, REPLY)).toBe(true); // before the reply was audible
    expect(resumesPrevious(REPLY + 240, END, REPLY)).toBe(true); // "Seven. [0.8 s] Actually…" in the bench
    expect(resumesPrevious(REPLY + REACTION_MS, END, REPLY)).toBe(true);
  });

  test('speech that began after the reply could be heard is a reaction to it, not the answer going on', () => {
    expect(resumesPrevious(REPLY + REACTION_MS + 1, END, REPLY)).toBe(false);
    expect(resumesPrevious(REPLY + 900, END, REPLY)).toBe(false); // "Sorry, can you hold on?"
  });

  test('not after the window, and not without an earlier turn', () => {
    expect(resumesPrevious(END + RESUME_WINDOW_MS + 1, END, undefined)).toBe(false);
    expect(resumesPrevious(END + RESUME_WINDOW_MS, END, undefined)).toBe(true);
    expect(resumesPrevious(10_500, undefined, REPLY)).toBe(false);
  });
});
