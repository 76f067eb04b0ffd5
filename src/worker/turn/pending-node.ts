import type { voice } from '@livekit/agents';
import type { InterviewSession } from '../../interview/session.js';
import { CONSENT_NODE } from '../../interview/actions.js';
import { turnDelaysFor, type TurnDetectorName } from './delays.js';
import type { ParleyTurnDetector } from './detector.js';

/**
 * The participant's next turn answers the interview's pending node (the consent request while consent
 * is awaited): Parley's detector is told the node, and the session's endpointing delays become the
 * node's (delays.ts), for whichever detector the worker runs.
 */
export function applyPendingNode(
  agent: voice.Agent,
  interview: InterviewSession | null,
  job: { config: { PARLEY_TURN_DETECTOR: TurnDetectorName }; turnDetector: ParleyTurnDetector | null },
): void {
  const node = interview?.state.status === 'awaiting_consent' ? CONSENT_NODE : interview?.currentNode;
  job.turnDetector?.expect(node);
  const delays = turnDelaysFor(job.config.PARLEY_TURN_DETECTOR, node);
  try {
    void agent.getActivityOrThrow().updateOptions({ endpointing: { mode: 'fixed', alpha: 0.9, ...delays } });
  } catch {
    // activity not running (closing)
  }
}
