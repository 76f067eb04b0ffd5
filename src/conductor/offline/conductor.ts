import type { Agent } from '../../agent/schema.js';
import { joinParts, offlineClarify, offlineFollowUp, planUtterance } from '../speak.js';
import type { Conductor, ConductorLogger, InterpretInput, Interpretation, SpeakInput } from '../types.js';
import { interpretOffline } from '../rules/interpret.js';

/** The rule-based conductor: deterministic, no network, no API key. */
export function createOfflineConductor(
  agent: Agent,
  deps: { logger: ConductorLogger; now(): number },
): Conductor {
  return {
    interpret(input: InterpretInput): Promise<Interpretation> {
      const started = deps.now();
      const out = interpretOffline(agent, input);
      out.latency_ms = Math.max(0, deps.now() - started);
      deps.logger.debug(
        { kind: out.kind, node: input.state.current_node, notes: out.notes },
        'conductor: interpreted',
      );
      return Promise.resolve(out);
    },
    speak(input: SpeakInput): AsyncIterable<string> {
      return (async function* () {
        const parts = planUtterance(agent, input).map((s) => {
          switch (s.type) {
            case 'text':
              return s.text;
            case 'follow_up':
              return offlineFollowUp(s.action, input.lastUtterance);
            case 'clarify':
              return offlineClarify(s.question);
          }
        });
        const text = joinParts(parts);
        if (text !== '') yield text;
      })();
    },
  };
}
