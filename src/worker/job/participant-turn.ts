import type { llm } from '@livekit/agents';
import type { Logger } from 'pino';
import type { InterviewSession, Utterance } from '../../interview/session.js';
import type { MetricsReporter } from '../metrics.js';
import { TurnPreemption } from './preemption.js';
import type { QuestionHearing } from './question-hearing.js';

/** What participant turns need from the job. */
export interface TurnHost {
  /** The interview, when `text` is a participant turn it should answer (null: stay silent). */
  answering(text: string): InterviewSession | null;
  /** A participant turn is being answered (idle timer off, turn counted). */
  turnStarted(): void;
  /** Its reply goes to speech. */
  replying(u: Utterance): Utterance;
  readonly hearing: QuestionHearing;
  log(): Logger;
  readonly metrics: MetricsReporter;
  /** Whether replies may be worked out before the end of the turn is confirmed. */
  readonly preemptive: boolean;
}

/**
 * A participant turn goes on with the one before ("Seven. … Actually, no, more like a six.": the
 * turn-taking took a pause for the end of the answer) when the reply to that one was cut off before it
 * was heard, and the new speech began
 * - at most RESUME_WINDOW_MS after the end of the earlier speech, and
 * - at most REACTION_MS after the reply's first audio (the worker's clock; the participant hears it
 *   40–80 ms later): too soon to be a reaction to it. Speaking up over a question already heard starting
 *   ("Sorry, can you hold on?") is not an answer; that question is asked again (`respondUnheard`).
 * Both are policy, not measurement: someone who hears an unexpected voice takes about half a second to
 * start speaking because of it; speech that starts sooner was on its way already.
 */
export const RESUME_WINDOW_MS = 2000;
export const REACTION_MS = 500;

/** Whether a turn that began at `startedAt` goes on with the one that ended at `previousEnd` (see above). */
export function resumesPrevious(
  startedAt: number,
  previousEnd: number | undefined,
  replyPlayedAt: number | undefined,
): boolean {
  return (
    previousEnd !== undefined &&
    startedAt - previousEnd <= RESUME_WINDOW_MS &&
    (replyPlayedAt === undefined || startedAt - replyPlayedAt <= REACTION_MS)
  );
}

/**
 * Participant turns through the interview, with preemptive generation (see TurnPreemption): the
 * pipeline's `llmNode` lands in `reply` — ahead of time for a speculation, or for a finished turn after
 * `completed`.
 */
export class ParticipantTurns {
  private readonly preemption = new TurnPreemption();
  /** When the participant's last finished turn ended (ms since the epoch). */
  private lastSpeechEnd: number | undefined;
  /** When the participant's turn before the one being answered ended. */
  private previousEnd: number | undefined;

  constructor(private readonly host: TurnHost) {}

  async reply(text: string, message: llm.ChatMessage | undefined): Promise<AsyncIterable<string> | null> {
    const { host } = this;
    const committed = this.preemption.takeConfirmed(message);
    if (committed === undefined) {
      const interview = host.preemptive ? host.answering(text) : null;
      return interview === null
        ? null
        : this.preemption.start(interview, text, message?.transcriptConfidence);
    }
    if (committed !== null) return (await committed)?.text ?? null;
    const interview = host.answering(text);
    if (interview === null) return null;
    host.turnStarted();
    const u = await respondToTurn({ interview, text, message, host, previousEnd: this.previousEnd });
    return u === null ? null : host.replying(u).text;
  }

  /** The turn is over: commit its speculation when it still holds, else have it answered afresh. */
  completed(chatCtx: llm.ChatContext, message: llm.ChatMessage): void {
    const { host } = this;
    const m = message.metrics;
    this.previousEnd = this.lastSpeechEnd;
    this.lastSpeechEnd = m?.stoppedSpeakingAt !== undefined ? m.stoppedSpeakingAt * 1000 : Date.now();
    const text = message.textContent ?? '';
    const interview = host.answering(text);
    const usable = interview !== null && !host.hearing.pendingUnheard;
    const { reply, outcome } = this.preemption.complete(chatCtx, message, usable);
    if (outcome !== 'none')
      host.metrics.push({ kind: 'inc', name: 'parley_preemptive_total', labels: { outcome } });
    const wasted = this.preemption.takeWastedCalls();
    if (wasted > 0)
      host.metrics.push({ kind: 'inc', name: 'parley_preemptive_wasted_model_calls_total', value: wasted });
    if (reply === null) {
      this.preemption.confirm(message, null);
      return;
    }
    host.turnStarted();
    host
      .log()
      .info({ node: interview?.state.current_node, preemptive: true, pii: { text } }, 'participant turn');
    const answered = reply.then(
      (u) => host.replying(u),
      (error: unknown) => turnFailed(error, host),
    );
    this.preemption.confirm(message, answered);
  }

  close(): void {
    this.preemption.close();
  }
}

/**
 * One finished participant turn through the interview (timed by the framework's speech metrics): the
 * agent's reply, or a question asked again when the participant did not hear it; null when the turn failed.
 */
async function respondToTurn(opts: {
  interview: InterviewSession;
  text: string;
  message: llm.ChatMessage | undefined;
  host: TurnHost;
  /** When the participant's turn before this one ended. */
  previousEnd: number | undefined;
}): Promise<Utterance | null> {
  const { interview, text, message, host, previousEnd } = opts;
  const log = host.log();
  const m = message?.metrics;
  const endedAt = m?.stoppedSpeakingAt !== undefined ? m.stoppedSpeakingAt * 1000 : Date.now();
  const startedAt = m?.startedSpeakingAt !== undefined ? m.startedSpeakingAt * 1000 : endedAt;
  log.info({ node: interview.state.current_node, pii: { text } }, 'participant turn');
  const replyPlayedAt = host.hearing.unheardStartedAt;
  const resumes = resumesPrevious(startedAt, previousEnd, replyPlayedAt);
  const unheard = host.hearing.takeUnheard();
  const blocker = unheard && resumes ? interview.resumeBlocker() : null;
  if (unheard)
    log.debug(
      { started_at: startedAt, previous_end: previousEnd, reply_played_at: replyPlayedAt, resumes, blocker },
      'a participant turn after a reply that went unheard',
    );
  try {
    const input = { text, startedAt, endedAt, confidence: message?.transcriptConfidence };
    if (unheard && resumes && blocker === null) {
      log.info(
        { node: interview.state.current_node },
        'the participant went on with the last answer: reading both parts as one',
      );
      return await interview.respondResumed(input);
    }
    if (unheard)
      log.info(
        { node: interview.state.current_node },
        'the question was interrupted before it was heard: asking again',
      );
    return unheard ? await interview.respondUnheard(input) : await interview.respond(input);
  } catch (error) {
    return turnFailed(error, host);
  }
}

/** A participant turn could not be answered (the conductor failed): logged and counted; no reply. */
function turnFailed(error: unknown, host: Pick<TurnHost, 'log' | 'metrics'>): null {
  host.log().error({ err: String(error) }, 'turn failed');
  host.metrics.push({ kind: 'inc', name: 'parley_errors_total', labels: { component: 'turn' } });
  return null;
}
