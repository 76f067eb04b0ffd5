import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initializeLogger, voice } from '@livekit/agents';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAgent } from '../../../src/agent/schema.js';
import { blueprintSchema } from '../../../src/blueprint/schema.js';
import { createConductor } from '../../../src/conductor/index.js';
import { InterviewSession } from '../../../src/interview/session.js';
import { ConductorSlotLLM } from '../../../src/worker/agent.js';
import { PARLEY_DELAYS_MS } from '../../../src/worker/turn/delays.js';
import { ParleyTurnDetector } from '../../../src/worker/turn/detector.js';
import { applyPendingNode } from '../../../src/worker/turn/pending-node.js';

/**
 * The pending node's delays reach the framework's session options — the endpointing its activity rebuilds
 * from. (They once went to `AgentActivity.updateOptions`, which ignores the values it is given: every turn
 * committed after the session's initial 700 ms, typed answers included.)
 */
const blueprint = blueprintSchema.parse(
  parse(readFileSync(fileURLToPath(new URL('../../fixtures/e2e/voice-short.yaml', import.meta.url)), 'utf8')),
);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('applyPendingNode', () => {
  beforeAll(() => initializeLogger({ pretty: false, level: 'silent' }));

  it('sets the consent request’s typed delays, then the open question’s, on the session', async () => {
    const interview = new InterviewSession({
      blueprint,
      agent: defaultAgent,
      conductor: createConductor({ agent: defaultAgent, mode: 'offline', logger: silent, now: () => 0 }),
      run: { run_id: 'run_1', participant: { name: 'Dana' } },
      sessionId: 'ses_1',
      sink: { record: () => {} },
    });
    const session = new voice.AgentSession({
      llm: new ConductorSlotLLM(),
      turnHandling: { endpointing: { mode: 'fixed', minDelay: 700, maxDelay: 3000 } },
    });
    const job = {
      config: { PARLEY_TURN_DETECTOR: 'parley' as const },
      turnDetector: new ParleyTurnDetector(),
      session,
    };
    const delays = () => {
      const e = session.sessionOptions.turnHandling.endpointing;
      return { minDelay: e.minDelay, maxDelay: e.maxDelay };
    };

    await interview.begin();
    applyPendingNode(interview, job); // awaiting consent: a yes/no
    expect(delays()).toEqual(PARLEY_DELAYS_MS.typed.normal);

    await interview.respond({ text: 'Yes, that is fine.' });
    applyPendingNode(interview, job); // "What is your role at work?": open
    expect(delays()).toEqual(PARLEY_DELAYS_MS.open.normal);
    expect(delays()).not.toEqual(PARLEY_DELAYS_MS.typed.normal);
  });
});
