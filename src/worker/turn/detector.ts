import type { llm } from '@livekit/agents';
import type { BlueprintNode } from '../../blueprint/schema.js';
import { expectationFor, type TurnExpectation } from './expectation.js';
import { judgeTurn, type TurnJudgement, type TurnVerdict } from './judge.js';

/**
 * Parley's turn detector, behind agents-js's text turn-detector interface (`_TurnDetector`, not exported
 * by the package: the structural shape below is what `turnHandling.turnDetection` accepts). The framework
 * calls `predictEndOfTurn` with the chat context and the transcript so far (the last user message) when
 * the VAD or the STT reports the end of speech; below `unlikelyThreshold` it waits the endpointing
 * `maxDelay`, else `minDelay` (the job sets both per node: delays.ts). The pending node comes from the job
 * (`expect`), the judgement from judge.ts; no model runs.
 */
export class ParleyTurnDetector {
  readonly model = 'parley-turn';
  readonly provider = 'parley';
  private expectation: TurnExpectation = { type: 'open', question: '', silentProbe: false };
  /** The last judgement. */
  last: TurnJudgement | null = null;
  private observer: ((j: TurnJudgement) => void) | null = null;

  /** Called with every judgement (the job logs them). */
  observe(observer: (j: TurnJudgement) => void): void {
    this.observer = observer;
  }

  /** The node the participant is about to answer. */
  expect(node: BlueprintNode | undefined): void {
    this.expectation = expectationFor(node);
  }

  async supportsLanguage(): Promise<boolean> {
    return true;
  }

  async unlikelyThreshold(): Promise<number> {
    return UNLIKELY_THRESHOLD;
  }

  async predictEndOfTurn(chatCtx: llm.ChatContext): Promise<number> {
    const judgement = judgeTurn(lastUserText(chatCtx), this.expectation);
    this.last = judgement;
    this.observer?.(judgement);
    return PROBABILITY[judgement.verdict];
  }
}

const UNLIKELY_THRESHOLD = 0.5;
/** The framework's two delays: `complete` and `open` end after minDelay, the others wait maxDelay. */
const PROBABILITY: Record<TurnVerdict, number> = {
  complete: 0.95,
  open: 0.8,
  brief: 0.35,
  unread: 0.3,
  trailing: 0.1,
};

function lastUserText(chatCtx: llm.ChatContext): string {
  for (let i = chatCtx.items.length - 1; i >= 0; i--) {
    const item = chatCtx.items[i];
    if (item?.type === 'message' && item.role === 'user') return item.textContent ?? '';
  }
  return '';
}
