import { voice, type VAD } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import type { WorkerConfig } from '../../config/worker.js';
import type { InterviewSession } from '../../interview/session.js';
import { StreamingOpenAITTS } from '../voice/openai-tts.js';
import { ConductorSlotLLM } from '../agent.js';

/** How long the agent waits after the participant stops speaking, by the node's endpointing hint. */
const ENDPOINTING_MS: Record<'quick' | 'normal' | 'patient', { minDelay: number; maxDelay: number }> = {
  quick: { minDelay: 400, maxDelay: 2500 },
  normal: { minDelay: 700, maxDelay: 3000 },
  patient: { minDelay: 1800, maxDelay: 6000 },
};

/** The endpointing delays for the current blueprint node (`normal` unless the node says otherwise). */
export function endpointingFor(node: InterviewSession['currentNode']): {
  minDelay: number;
  maxDelay: number;
} {
  const hint =
    node !== undefined && 'endpointing' in node && node.endpointing !== undefined
      ? node.endpointing
      : 'normal';
  return ENDPOINTING_MS[hint];
}

/**
 * The rate the participant's audio is delivered at. Silero VAD and Deepgram both consume 16 kHz: taking the
 * track at that rate lets rtc-node resample natively once, instead of two JS resamplers (VAD, STT) working
 * on the framework's default 24 kHz input frame by frame.
 */
export const INPUT_SAMPLE_RATE = 16_000;

/** The LiveKit voice session (Deepgram STT, streaming OpenAI TTS, the conductor in the LLM slot). */
export function createVoiceSession(
  config: WorkerConfig,
  vad: VAD,
): { session: voice.AgentSession; tts: StreamingOpenAITTS } {
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
      // explicit: no LiveKit Cloud turn detector, no adaptive interruption model
      turnDetection: 'vad',
      endpointing: { mode: 'fixed', ...ENDPOINTING_MS.normal },
      interruption: { enabled: true, mode: 'vad', minDuration: 500, resumeFalseInterruption: false },
      preemptiveGeneration: {
        enabled: config.PARLEY_PREEMPTIVE !== 'off',
        preemptiveTts: config.PARLEY_PREEMPTIVE === 'speech',
      },
    },
  });
  return { session, tts };
}
