import type { llm } from '@livekit/agents';
import type { Utterance } from '../../interview/session.js';
import type { TurnPatch } from '../../store-client/types.js';

/**
 * Whether the participant heard the last question: when an interruption cut it short before (almost) all
 * of it played out, the turn is patched with what was heard and the next participant turn asks it again.
 */
export class QuestionHearing {
  /** The last utterance that asked something, and whether an interruption cut it short. */
  private lastAsk: Utterance | null = null;
  private unheard = false;

  track(u: Utterance): void {
    if (u.asks) {
      this.lastAsk = u;
      this.unheard = false;
    }
  }

  /** Whether the last question went unheard; resets it (the coming turn deals with it). */
  takeUnheard(): boolean {
    const unheard = this.unheard;
    this.unheard = false;
    return unheard;
  }

  /** An assistant message ended: when it was an interrupted question, decide whether it was heard. */
  async onAssistantMessage(
    item: llm.ChatMessage,
    patchTurn: (turnNumber: number, patch: TurnPatch) => void,
  ): Promise<void> {
    const ask = this.lastAsk;
    if (!item.interrupted || ask === null) return;
    const turn = await ask.done;
    if (turn === null) return;
    const played = (item.textContent ?? '').trim();
    // heard = (almost) all of it was played out before the participant spoke
    const heard = played.length >= Math.floor(turn.content.length * 0.9);
    patchTurn(turn.turn_number, {
      evaluation: { interrupted: true, heard_text: played.slice(0, 2000), heard },
    });
    if (!heard) this.unheard = true;
  }
}
