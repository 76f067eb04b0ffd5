import { voice, type VAD } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import type { WorkerConfig } from '../../config/worker.js';
import { StreamingOpenAITTS } from '../voice/openai-tts.js';
import { ConductorSlotLLM } from '../agent.js';
import { turnDelaysFor } from '../turn/delays.js';
import type { ParleyTurnDetector } from '../turn/detector.js';
import { createTurnDetection } from '../turn/turn-detection.js';

/**
 * The rate the participant's audio is delivered at. Silero VAD and Deepgram both consume 16 kHz: taking the
 * track at that rate lets rtc-node resample natively once, instead of two JS resamplers (VAD, STT) working
 * on the framework's default 24 kHz input frame by frame.
 */
export const INPUT_SAMPLE_RATE = 16_000;

/** The LiveKit voice session (Deepgram STT, streaming OpenAI TTS, the conductor in the LLM slot, the
 * configured turn detector: src/worker/turn). */
export function createVoiceSession(
  config: WorkerConfig,
  vad: VAD,
): { session: voice.AgentSession; tts: StreamingOpenAITTS; turnDetector: ParleyTurnDetector | null } {
  const { turnDetection, parley } = createTurnDetection(config.PARLEY_TURN_DETECTOR);
  const tts = new StreamingOpenAITTS({
    apiKey: config.OPENAI_API_KEY ?? '',
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_TTS_MODEL,
  });
  const session = new voice.AgentSession({
    stt: new deepgram.STT({
      apiKey: config.DEEPGRAM_API_KEY,
      ...(config.DEEPGRAM_BASE_URL !== undefined ? { baseUrl: config.DEEPGRAM_BASE_URL } : {}),
      model: config.DEEPGRAM_MODEL as deepgram.STTModels,
      sampleRate: INPUT_SAMPLE_RATE,
      interimResults: true,
      punctuate: true,
      smartFormat: true,
    }),
    vad,
    tts,
    llm: new ConductorSlotLLM(),
    turnHandling: {
      // explicit: no LiveKit Cloud turn detector, no adaptive interruption model; the job sets the delays
      // for each pending node (src/worker/turn/delays.ts)
      turnDetection,
      endpointing: { mode: 'fixed', ...turnDelaysFor(config.PARLEY_TURN_DETECTOR, undefined) },
      interruption: { enabled: true, mode: 'vad', minDuration: 500, resumeFalseInterruption: false },
      preemptiveGeneration: {
        enabled: config.PARLEY_PREEMPTIVE !== 'off',
        preemptiveTts: config.PARLEY_PREEMPTIVE === 'speech',
      },
    },
  });
  return { session, tts, turnDetector: parley };
}
