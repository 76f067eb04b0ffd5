import { inference, type voice } from '@livekit/agents';
import type { TurnDetectorName } from './delays.js';
import { ParleyTurnDetector } from './detector.js';

type TurnDetection = NonNullable<voice.AgentSessionOptions['turnHandling']>['turnDetection'];

/**
 * The session's `turnHandling.turnDetection` for the worker's PARLEY_TURN_DETECTOR:
 *   vad      plain VAD endpointing (end of speech + the node's fixed delay)
 *   livekit  LiveKit's local end-of-turn audio model v1-mini (`@livekit/local-inference`, run in the
 *            worker's inference process; `version` is always set: unset resolves to the cloud model)
 *   parley   ParleyTurnDetector (the pending node and the transcript, no model)
 * `parley` is the detector the job tells about each pending node (null for the other two).
 */
export function createTurnDetection(name: TurnDetectorName): {
  turnDetection: TurnDetection;
  parley: ParleyTurnDetector | null;
} {
  switch (name) {
    case 'vad':
      return { turnDetection: 'vad', parley: null };
    case 'livekit':
      return { turnDetection: new inference.TurnDetector({ version: 'v1-mini' }), parley: null };
    case 'parley': {
      const parley = new ParleyTurnDetector();
      return { turnDetection: parley, parley };
    }
  }
}
