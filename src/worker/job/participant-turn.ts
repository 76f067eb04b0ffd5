import type { llm } from '@livekit/agents';
import type { Logger } from 'pino';
import type { InterviewSession, Utterance } from '../../interview/session.js';
import type { MetricsReporter } from '../metrics.js';
import type { QuestionHearing } from './question-hearing.js';

/**
 * One completed participant turn through the interview (timed by the framework's speech metrics): the
 * agent's reply, or a question asked again when the participant did not hear it; null when the turn failed.
 */
export async function respondToTurn(opts: {
  interview: InterviewSession;
  hearing: QuestionHearing;
  text: string;
  message: llm.ChatMessage | undefined;
  log: Logger;
  metrics: MetricsReporter;
}): Promise<Utterance | null> {
  const { interview, text, message, log } = opts;
  const m = message?.metrics;
  const endedAt = m?.stoppedSpeakingAt !== undefined ? m.stoppedSpeakingAt * 1000 : Date.now();
  const startedAt = m?.startedSpeakingAt !== undefined ? m.startedSpeakingAt * 1000 : endedAt;
  log.info({ node: interview.state.current_node, pii: { text } }, 'participant turn');
  const unheard = opts.hearing.takeUnheard();
  try {
    const input = { text, startedAt, endedAt, confidence: message?.transcriptConfidence };
    if (unheard)
      log.info(
        { node: interview.state.current_node },
        'the question was interrupted before it was heard: asking again',
      );
    return unheard ? await interview.respondUnheard(input) : await interview.respond(input);
  } catch (error) {
    log.error({ err: String(error) }, 'turn failed');
    opts.metrics.push({ kind: 'inc', name: 'parley_errors_total', labels: { component: 'turn' } });
    return null;
  }
}
