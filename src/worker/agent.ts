import { FlushSentinel, llm, type stt, voice } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { piecesOf, SPEECH_BREAK, type SpeechPiece } from '../interview/speech-text.js';
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

export function toReadable<T extends string | FlushSentinel>(source: AsyncIterable<T>): ReadableStream<T> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<T>({
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
 * A reply for the llm node: its text, and the framework's flush sentinel at each speech break (the end
 * of an acknowledgement spoken before the rest of the reply is known). The pipeline ends its speech
 * segment there, so the text before it goes to TTS at once instead of waiting in the sentence tokenizer
 * for the next sentence to start; the next segment is spoken right after it.
 */
export function toReplyReadable(source: AsyncIterable<string>): ReadableStream<string | FlushSentinel> {
  return toReadable(flushAtBreaks(piecesOf(source)));
}

async function* flushAtBreaks(pieces: AsyncIterable<SpeechPiece>): AsyncGenerator<string | FlushSentinel> {
  for await (const piece of pieces) yield piece === SPEECH_BREAK ? FlushSentinel : piece;
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
  ): Promise<ReadableStream<string | FlushSentinel> | null> {
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
    return reply === null ? null : toReplyReadable(reply);
  }
}
