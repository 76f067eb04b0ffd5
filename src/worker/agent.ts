import { llm, type stt, voice } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { audioChunks } from './voice/audio-chunks.js';

/** The STT's input frames, ms: the Deepgram plugin sends 100 ms chunks (see audioChunks). */
const STT_CHUNK_MS = 100;

/**
 * The session's LLM slot. The pipeline only runs a reply when an `llm.LLM` is configured, but Parley's
 * replies never come from a free-running model: `ParleyAgent.llmNode` replaces the model call with the
 * conductor + engine. This placeholder is never asked to chat.
 */
export class ConductorSlotLLM extends llm.LLM {
  label(): string {
    return 'parley.conductor';
  }
  override get model(): string {
    return 'parley-conductor';
  }
  override get provider(): string {
    return 'parley';
  }
  chat(): llm.LLMStream {
    throw new Error('ParleyAgent.llmNode replaces the model call: the conductor phrases every reply');
  }
}

/**
 * Where user turns go. `onUserTurn` is asked for the reply (streamed text, or null to stay silent) — for a
 * finished turn, or ahead of time while the end of the turn is still being confirmed (preemptive
 * generation); `onTurnCompleted` comes first for a finished turn, with the message later replies get.
 */
export interface TurnHandler {
  onUserTurn(text: string, message: llm.ChatMessage | undefined): Promise<AsyncIterable<string> | null>;
  onTurnCompleted(chatCtx: llm.ChatContext, message: llm.ChatMessage): void;
}

export function toReadable(source: AsyncIterable<string>): ReadableStream<string> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<string>({
    async pull(controller) {
      try {
        const { value, done } = await it.next();
        if (done) controller.close();
        else if (value !== '') controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/**
 * The voice agent: the framework handles audio, VAD, STT, turn-taking, interruptions, TTS and captions;
 * when a user turn completes, `llmNode` hands the participant's final transcript to Parley's turn loop
 * (conductor.interpret → engine.step → conductor.speak) and streams the reply text into TTS.
 */
export class ParleyAgent extends voice.Agent {
  constructor(private readonly handler: TurnHandler) {
    super({ instructions: 'Parley interviewer (replies come from the conductor and the engine).' });
  }

  override async onUserTurnCompleted(chatCtx: llm.ChatContext, message: llm.ChatMessage): Promise<void> {
    this.handler.onTurnCompleted(chatCtx, message);
  }

  /** The STT gets the input regrouped into 100 ms frames, the chunks its plugin sends (see audioChunks). */
  override async sttNode(
    audio: ReadableStream<AudioFrame> | AsyncIterable<AudioFrame>,
    modelSettings: voice.ModelSettings,
  ): Promise<ReadableStream<stt.SpeechEvent | string> | null> {
    return voice.Agent.default.sttNode(this, audioChunks(audio, STT_CHUNK_MS), modelSettings);
  }

  override async llmNode(
    chatCtx: llm.ChatContext,
    _toolCtx: llm.ToolContext,
    _modelSettings: voice.ModelSettings,
  ): Promise<ReadableStream<string> | null> {
    let last: llm.ChatMessage | undefined;
    for (let i = chatCtx.items.length - 1; i >= 0; i--) {
      const item = chatCtx.items[i];
      if (item?.type === 'message' && item.role === 'user') {
        last = item;
        break;
      }
    }
    const text = last?.textContent ?? '';
    const reply = await this.handler.onUserTurn(text, last);
    return reply === null ? null : toReadable(reply);
  }
}
