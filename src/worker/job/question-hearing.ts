import type { llm } from '@livekit/agents';
import type { InterviewTurn, Utterance } from '../../interview/session.js';
import type { TurnPatch } from '../../store-client/types.js';

/** One utterance handed to speech; `turn` is undefined until its text is complete (then recorded, or null). */
interface Spoken {
  u: Utterance;
  turn: InterviewTurn | null | undefined;
}

/**
 * What the participant heard of the agent's utterances, learned from the session's assistant messages
 * (added when a speech item finished playing or was interrupted):
 * - when the agent spoke: the agent turn is recorded when its text is ready, before it is heard; the
 *   message's speech metrics carry when it really started and stopped playing, and the turn is patched
 *   with those times so transcript timestamps line up with the recording;
 * - whether a question was heard: when an interruption cut it short before (almost) all of it played
 *   out, the same patch says what was heard, and the next participant turn asks it again.
 * One patch per spoken utterance, queued on the store client's outbox (never waited on by speech).
 */
export class QuestionHearing {
  /** The last utterance that asked something, and whether an interruption cut it short. */
  private lastAsk: Utterance | null = null;
  private unheard = false;
  /** When the unheard question started playing (ms since the epoch), when the framework said. */
  private unheardPlayedAt: number | undefined;
  /** Utterances whose assistant message has not come back yet, oldest first. */
  private pending: Spoken[] = [];

  track(u: Utterance): void {
    const spoken: Spoken = { u, turn: undefined };
    this.pending.push(spoken);
    u.done.then(
      (turn) => {
        spoken.turn = turn;
      },
      () => {
        spoken.turn = null;
      },
    );
    if (u.asks) {
      this.lastAsk = u;
      this.unheard = false;
      this.unheardPlayedAt = undefined;
    }
  }

  /** When the unheard last question started playing (ms since the epoch); undefined when heard or unknown. */
  get unheardStartedAt(): number | undefined {
    return this.unheard ? this.unheardPlayedAt : undefined;
  }

  /** Whether the last question went unheard (without resetting it). */
  get pendingUnheard(): boolean {
    return this.unheard;
  }

  /** Whether the last question went unheard; resets it (the coming turn deals with it). */
  takeUnheard(): boolean {
    const unheard = this.unheard;
    this.unheard = false;
    return unheard;
  }

  /** An assistant message was added: patch its turn with when it was spoken (and whether it was heard). */
  async onAssistantMessage(
    item: llm.ChatMessage,
    patchTurn: (turnNumber: number, patch: TurnPatch) => void,
  ): Promise<void> {
    const played = (item.textContent ?? '').trim();
    const spoken = this.take(played);
    if (spoken === null) return;
    const turn = spoken.turn !== undefined ? spoken.turn : await spoken.u.done.catch(() => null);
    if (turn === null || !sameSpeech(turn.content, played)) return;
    const patch: TurnPatch = {};
    const m = item.metrics;
    if (m?.startedSpeakingAt !== undefined && m.stoppedSpeakingAt !== undefined) {
      patch.started_at = new Date(m.startedSpeakingAt * 1000).toISOString();
      patch.ended_at = new Date(Math.max(m.startedSpeakingAt, m.stoppedSpeakingAt) * 1000).toISOString();
    }
    if (item.interrupted && spoken.u.asks) {
      // heard = (almost) all of it was played out before the participant spoke
      const heard = played.length >= Math.floor(turn.content.length * 0.9);
      patch.evaluation = { interrupted: true, heard_text: played.slice(0, 2000), heard };
      if (!heard && spoken.u === this.lastAsk) {
        this.unheard = true;
        this.unheardPlayedAt = m?.startedSpeakingAt !== undefined ? m.startedSpeakingAt * 1000 : undefined;
      }
    }
    if (Object.keys(patch).length > 0) patchTurn(turn.turn_number, patch);
  }

  /**
   * The utterance a message belongs to: the oldest recorded one whose text it played (utterances before
   * it were never played — interrupted before a word came out — and are dropped), or, when none matches
   * yet, the oldest whose text is not complete yet.
   */
  private take(played: string): Spoken | null {
    let open = -1;
    for (let i = 0; i < this.pending.length; i++) {
      const s = this.pending[i]!;
      if (s.turn === undefined) {
        if (open < 0) open = i;
      } else if (s.turn !== null && sameSpeech(s.turn.content, played)) {
        this.pending.splice(0, i + 1);
        return s;
      }
    }
    if (open < 0) return null;
    return this.pending.splice(open, 1)[0]!;
  }
}

/** Whether `played` (what the message says was spoken, maybe cut short) is the start of `content`. */
function sameSpeech(content: string, played: string): boolean {
  const a = letters(content);
  const b = letters(played);
  return b === '' || a.startsWith(b) || b.startsWith(a);
}

const letters = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
