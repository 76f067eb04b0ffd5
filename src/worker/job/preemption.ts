import type { llm } from '@livekit/agents';
import type { InterviewSession, Speculation, Utterance } from '../../interview/session.js';

/** The times and confidence of a finished turn, from its message's speech metrics. */
function turnInput(message: llm.ChatMessage): {
  startedAt: number;
  endedAt: number;
  confidence?: number | undefined;
} {
  const m = message.metrics;
  const endedAt = m?.stoppedSpeakingAt !== undefined ? m.stoppedSpeakingAt * 1000 : Date.now();
  const startedAt = m?.startedSpeakingAt !== undefined ? m.startedSpeakingAt * 1000 : endedAt;
  return { startedAt, endedAt, confidence: message.transcriptConfidence };
}

/**
 * Preemptive generation for the interview. The voice pipeline asks for a reply as soon as a final
 * transcript arrives, before the end of the turn is confirmed; that reply is a speculation — the
 * conductor interprets and phrases on a copy of the interview, and nothing is recorded. When the turn
 * ends (`complete`), the speculation is committed if its transcript is exactly the final one and the
 * interview has not moved since; the pipeline then speaks what it already generated. Otherwise the
 * speculation is dropped and the chat context is marked, so the pipeline discards its preemptive speech
 * too and asks again for the finished turn.
 *
 * The reply for the finished turn is told apart from a preemptive one by its message: the pipeline hands
 * the very message it gave `onUserTurnCompleted` to the reply it generates for the turn.
 */
export class TurnPreemption {
  private speculation: Speculation | null = null;
  private wasted = 0;
  private confirmed: { message: llm.ChatMessage; reply: Promise<Utterance | null> | null } | null = null;

  /**
   * Whether `message` is the finished turn's: undefined when it is not (a preemptive request); null when
   * it is and no speculation was committed (reply the usual way); else the committed reply.
   */
  takeConfirmed(message: llm.ChatMessage | undefined): Promise<Utterance | null> | null | undefined {
    const c = this.confirmed;
    if (c === null || message === undefined) return undefined;
    if (c.message !== message && c.message.id !== message.id) return undefined;
    this.confirmed = null;
    return c.reply;
  }

  /** A preemptive request: speculate on `text` (dropping any earlier speculation); stream its reply. */
  start(interview: InterviewSession, text: string, confidence: number | undefined): AsyncIterable<string> {
    this.drop(this.speculation);
    const s = interview.speculate(text, confidence);
    this.speculation = s;
    return s.reply;
  }

  /**
   * The turn is over (`message` has the final transcript; its metrics are set right after this returns).
   * `usable`: whether the turn may be answered from a speculation at all. Returns the committed reply,
   * or null after marking `chatCtx` so the pipeline generates the reply afresh; and what became of the
   * speculation (none: there was none).
   */
  complete(
    chatCtx: llm.ChatContext,
    message: llm.ChatMessage,
    usable: boolean,
  ): { reply: Promise<Utterance> | null; outcome: 'committed' | 'dropped' | 'none' } {
    const s = this.speculation;
    this.speculation = null;
    const text = (message.textContent ?? '').trim();
    const input = new Promise<ReturnType<typeof turnInput>>((resolve) =>
      setImmediate(() => resolve(turnInput(message))),
    );
    const accepted = usable && s !== null && s.text === text ? s.accept(input) : null;
    if (accepted === null) {
      this.drop(s);
      // a changed context makes the pipeline drop its preemptive speech and ask for this turn's reply
      chatCtx.addMessage({ role: 'system', content: 'parley: reply afresh' });
    }
    return { reply: accepted, outcome: accepted !== null ? 'committed' : s !== null ? 'dropped' : 'none' };
  }

  /** Remember the finished turn's message and what answers it (see `takeConfirmed`). */
  confirm(message: llm.ChatMessage, reply: Promise<Utterance | null> | null): void {
    this.confirmed = { message, reply };
  }

  /** Model calls made by dropped speculations since the last call (the benchmark's wasted calls). */
  takeWastedCalls(): number {
    const n = this.wasted;
    this.wasted = 0;
    return n;
  }

  private drop(s: Speculation | null): void {
    if (s === null) return;
    s.discard();
    this.wasted += s.modelCalls();
  }

  close(): void {
    this.speculation?.discard();
    this.speculation = null;
    this.confirmed = null;
  }
}
