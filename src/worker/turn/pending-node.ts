import type { voice } from '@livekit/agents';
import type { InterviewSession } from '../../interview/session.js';
import { CONSENT_NODE } from '../../interview/actions.js';
import { turnDelaysFor, type TurnDetectorName } from './delays.js';
import type { ParleyTurnDetector } from './detector.js';

/**
 * The participant's next turn answers the interview's pending node (the consent request while consent
 * is awaited): Parley's detector is told the node, and the session's endpointing delays become the
 * node's (delays.ts), for whichever detector the worker runs.
 *
 * The delays go through `AgentSession.updateOptions({ turnHandling: { endpointing } })`: it records them as
 * the session's endpointing overrides, which the running activity then rebuilds its endpointing from.
 * `AgentActivity.updateOptions({ endpointing })` (agents 1.9) ignores the values it is given and rebuilds
 * from those same session options, so calling it directly never changed a delay.
 */
export function applyPendingNode(
  interview: InterviewSession | null,
  job: {
    config: { PARLEY_TURN_DETECTOR: TurnDetectorName };
    turnDetector: ParleyTurnDetector | null;
    session: voice.AgentSession;
  },
): void {
  const node = interview?.state.status === 'awaiting_consent' ? CONSENT_NODE : interview?.currentNode;
  job.turnDetector?.expect(node);
  const delays = turnDelaysFor(job.config.PARLEY_TURN_DETECTOR, node);
  job.session.updateOptions({ turnHandling: { endpointing: { mode: 'fixed', alpha: 0.9, ...delays } } });
}
