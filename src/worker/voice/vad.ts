import { createRequire } from 'node:module';
import { inference, type VAD } from '@livekit/agents';
import { VAD_MIN_SILENCE_MS_DEFAULT } from '../../config/worker.js';
import { ParleyError } from '../../errors/parley-error.js';

/**
 * The worker's voice activity detector: the framework's core `inference.VAD`, the Silero model compiled into
 * `@livekit/local-inference`'s native binary (no onnxruntime in the job process). The options keep the turn
 * timing the Silero plugin gave before (its defaults: speech after 50 ms above 0.5, its end after 550 ms
 * below 0.5, 500 ms pre-roll, 60 s buffered at most). `npm run bench -- vad` compares the two on the same spoken answers.
 */
export const VAD_OPTIONS: inference.VADOptions = {
  minSpeechDuration: 50,
  minSilenceDuration: VAD_MIN_SILENCE_MS_DEFAULT,
  prefixPaddingDuration: 500,
  maxBufferedSpeech: 60_000,
  activationThreshold: 0.5,
  deactivationThreshold: 0.5,
};

/**
 * The framework only logs a warning and hears nothing when the native binding does not load: a worker that
 * cannot hear must not take interviews, so this refuses to build the VAD instead.
 */
export function createVad(
  options: Partial<inference.VADOptions> = {},
  loadNative: () => unknown = () => createRequire(import.meta.url)('@livekit/local-inference'),
): VAD {
  try {
    loadNative();
  } catch (error) {
    throw new ParleyError(
      'VAD_UNAVAILABLE',
      'the voice activity detector (@livekit/local-inference) cannot be loaded on this platform',
      { cause: error instanceof Error ? error.message : String(error) },
    );
  }
  return new inference.VAD({ ...VAD_OPTIONS, ...options });
}
