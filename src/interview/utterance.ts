import type { Blueprint } from '../blueprint/schema.js';
import type { Conductor, Interpretation, Turn } from '../conductor/types.js';
import type { EngineAction, EngineState } from '../engine/types.js';
import { spokenFallback } from './actions.js';
import { SPEECH_BREAK, spokenText, type SpeechPiece } from './speech-text.js';
import type { InterviewLogger, InterviewTurn, Utterance } from './types.js';

/** What phrasing needs from the interview: the conductor, and a place to record the agent's turn. */
export interface PhraseHost {
  readonly blueprint: Blueprint;
  readonly conductor: Conductor;
  readonly logger: InterviewLogger | undefined;
  now(): number;
  /** Record the agent turn once its text is complete (numbered then, after the participant's turn). */
  recordAgentTurn(
    said: string,
    startedAt: number,
    nodeId: string | null,
    actions: readonly EngineAction[],
  ): InterviewTurn;
}

export interface PhrasePlan {
  actions: readonly EngineAction[];
  interpretation: Interpretation | undefined;
  lastUtterance: string | undefined;
  /** The engine state after the step that produced `actions`. */
  state: EngineState;
  /** The conversation the conductor sees (the participant's words included). */
  history: readonly Turn[];
  /**
   * A speculative reply is only recorded once the interview commits it: resolves true then, false when it
   * is dropped. Absent: record as soon as the text is complete.
   */
  gate?: Promise<boolean> | undefined;
  signal?: AbortSignal | undefined;
  /**
   * The interpretation's `spoken_acknowledgement` was already streamed to speech by the caller (a
   * speculation's reply): it is recorded in the agent turn but not yielded again.
   */
  acknowledged?: boolean | undefined;
}

/** Phrase the actions; the returned stream records the agent turn once fully consumed (and committed). */
export function phrase(host: PhraseHost, plan: PhrasePlan): Utterance {
  const { actions, interpretation, lastUtterance, state, history, gate, signal } = plan;
  let resolveDone!: (t: InterviewTurn | null) => void;
  const done = new Promise<InterviewTurn | null>((r) => (resolveDone = r));
  const ends = actions.some((a) => a.type === 'end');
  const hasSpeech = actions.some(
    (a) => a.type === 'say' || a.type === 'ask' || a.type === 'follow_up' || a.type === 'ask_confirmation',
  );
  const nodeAction = actions.find(
    (a): a is Extract<EngineAction, { type: 'ask' | 'follow_up' | 'ask_confirmation' }> =>
      a.type === 'ask' || a.type === 'follow_up' || a.type === 'ask_confirmation',
  );
  const nodeId = nodeAction?.node_id ?? state.current_node;
  const aborted = (): boolean => signal?.aborted === true;
  const pieces = (async function* (): AsyncGenerator<SpeechPiece> {
    if (!hasSpeech || aborted()) {
      resolveDone(null);
      return;
    }
    const started = host.now();
    let said = '';
    // an acknowledgement spoken while the assessment streamed opens the turn; speak adds no other
    const early = interpretation?.wording.spoken_acknowledgement;
    // an acknowledgement the reply opens with is spoken at once, whichever way it came
    const ack = interpretation?.wording.acknowledgement?.trim();
    if (early !== undefined) {
      said = early;
      // spoken at once: the wording of the rest may take a model call
      if (plan.acknowledged !== true) yield* [early, SPEECH_BREAK];
    }
    try {
      for await (const raw of host.conductor.speak({
        blueprint: host.blueprint,
        state,
        actions,
        history,
        lastUtterance,
        interpretation,
        signal,
      })) {
        const chunk = early !== undefined && said === early ? ` ${raw.trimStart()}` : raw;
        const opens = said === '' && ack !== undefined && ack !== '' && chunk.trim() === ack;
        said += chunk;
        yield chunk;
        if (opens) yield SPEECH_BREAK;
      }
    } catch (error) {
      host.logger?.warn({ err: String(error) }, 'conductor.speak failed: speaking the fixed texts');
      if ((said === '' || said === early) && !aborted()) {
        const fixed = spokenFallback(actions);
        const chunk = said === '' ? fixed : ` ${fixed}`;
        said += chunk;
        yield chunk;
      }
    } finally {
      said = said.trim();
      const record = (keep: boolean): void =>
        resolveDone(keep && said !== '' ? host.recordAgentTurn(said, started, nodeId, actions) : null);
      // the text ends now either way; a speculative reply's turn is recorded once it is committed
      if (gate === undefined) record(true);
      else void gate.then(record, () => record(false));
    }
  })();
  return { actions, interpretation, text: spokenText(pieces), done, ends, asks: nodeAction !== undefined };
}
