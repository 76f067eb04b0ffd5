import { z } from 'zod';

/**
 * How fast the fake providers answer: a provider timing profile. The fakes (tts-server.ts for the OpenAI
 * chat and speech routes, deepgram-server.ts for the STT) take their parts of it; the benchmark computes
 * its ideal latency from the same numbers (test/bench/voice/ideal.ts).
 *
 *   llm.first_token_ms   request → first output token (streamed or not)
 *   llm.tokens_per_s     output rate after the first token; null: the whole output with the first token
 *                        (a streamed call gets it in a burst). ≈ 4 characters per token (CHARS_PER_TOKEN).
 *                        Token i (from 0) arrives at first_token_ms + i / tokens_per_s; a non-streamed or
 *                        structured call answers when its last token would have arrived.
 *   stt.final_delay_ms   end of speech → the final transcript
 *   tts.first_byte_ms    request → first audio byte
 *   tts.real_time_factor audio is written at this many times real time after the first byte (3: one
 *                        second of audio every 333 ms); null: as fast as it is synthesised
 */
export const providerTimingSchema = z.strictObject({
  llm: z.strictObject({
    first_token_ms: z.number().nonnegative(),
    tokens_per_s: z.number().positive().nullable(),
  }),
  stt: z.strictObject({ final_delay_ms: z.number().nonnegative() }),
  tts: z.strictObject({
    first_byte_ms: z.number().nonnegative(),
    real_time_factor: z.number().positive().nullable(),
  }),
});
export type ProviderTiming = z.infer<typeof providerTimingSchema>;

export const providerProfileNameSchema = z.enum(['ideal', 'realistic', 'slow']);
export type ProviderProfileName = z.infer<typeof providerProfileNameSchema>;

/**
 * `ideal`: the fixed delays the benchmark had before profiles (the whole LLM output 300 ms after the
 * request, audio as fast as synthesised). `realistic`: a fast hosted stack today. `slow`: a busy one.
 */
export const PROVIDER_PROFILES: Record<ProviderProfileName, ProviderTiming> = {
  ideal: {
    llm: { first_token_ms: 300, tokens_per_s: null },
    stt: { final_delay_ms: 250 },
    tts: { first_byte_ms: 150, real_time_factor: null },
  },
  realistic: {
    llm: { first_token_ms: 350, tokens_per_s: 80 },
    stt: { final_delay_ms: 250 },
    tts: { first_byte_ms: 150, real_time_factor: 3 },
  },
  slow: {
    llm: { first_token_ms: 700, tokens_per_s: 40 },
    stt: { final_delay_ms: 400 },
    tts: { first_byte_ms: 300, real_time_factor: 1.5 },
  },
};

export const CHARS_PER_TOKEN = 4;

/** Output tokens of a text (≈ 4 characters each; at least one). */
export function tokenCount(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}

/** The text cut into its tokens (CHARS_PER_TOKEN characters each). */
export function tokensOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHARS_PER_TOKEN) out.push(text.slice(i, i + CHARS_PER_TOKEN));
  return out.length > 0 ? out : [''];
}

/** When token `i` (from 0) arrives, ms after the request. */
export function tokenAtMs(llm: ProviderTiming['llm'], i: number): number {
  return llm.first_token_ms + (llm.tokens_per_s === null ? 0 : (i * 1000) / llm.tokens_per_s);
}

/** When the first `chars` characters of an output have all arrived, ms after the request. */
export function charsDoneMs(llm: ProviderTiming['llm'], chars: number): number {
  return tokenAtMs(llm, Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN)) - 1);
}

/** When audio at `offsetMs` into the speech is written, ms after its first byte. */
export function audioAtMs(tts: ProviderTiming['tts'], offsetMs: number): number {
  return tts.real_time_factor === null ? 0 : offsetMs / tts.real_time_factor;
}

/** The fakes' time source: `now` in ms, `until(t)` resolves once `now() >= t`. */
export interface FakeClock {
  now(): number;
  until(t: number): Promise<void>;
}

export const realClock: FakeClock = {
  now: () => Date.now(),
  until: (t) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t - Date.now()))),
};

/**
 * A clock for tests: time moves only when a fake waits for it — `until(t)` jumps to t (never back) on the
 * next turn of the event loop. A fake's schedule is then exact and instant, with no real waiting.
 */
export function virtualClock(start = 1_000_000): FakeClock {
  let t = start;
  return {
    now: () => t,
    until: (target) =>
      new Promise((resolve) =>
        setImmediate(() => {
          t = Math.max(t, target);
          resolve();
        }),
      ),
  };
}
