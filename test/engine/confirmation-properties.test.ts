import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOP_GUARDS, isAnswerNode, type Blueprint } from '../../src/blueprint/schema.js';
import { decisiveEdges } from '../../src/blueprint/decisive.js';
import { start, step } from '../../src/engine/index.js';
import { engineStateSchema, type EngineEvent, type EngineState } from '../../src/engine/types.js';
import { blueprintArb, participantEventArb } from './arbitraries.js';

/**
 * Properties of confirmations and loop guards over generated blueprints (edges with every `confirm`
 * mode, answers of every confidence) and adversarial participants (answers, declines, repeats of every
 * reason, confirmations and denials in any order).
 */

const RUNS = Number(process.env.PARLEY_PROPERTY_RUNS ?? 200);
const TIMEOUT = 60_000;
const GUARDS =
  DEFAULT_LOOP_GUARDS.repeat +
  DEFAULT_LOOP_GUARDS.clarify +
  DEFAULT_LOOP_GUARDS.unclear +
  DEFAULT_LOOP_GUARDS.off_topic;

function decisiveFrom(bp: Blueprint, id: string): number {
  const d = decisiveEdges(bp);
  return bp.graph.edges.filter((e, i) => e.from === id && d[i] === true).length;
}

/**
 * Agent prompts at one visit of a node: the question, its re-asks (loop guards), follow-ups, the one
 * re-ask of a required question after skip / don't know, and per decisive edge one confirmation, its
 * repeats (under the same guards) and one re-ask after a denial.
 */
function promptBound(bp: Blueprint, id: string): number {
  const node = bp.graph.nodes[id];
  if (node === undefined || !isAnswerNode(node)) return 1;
  return 1 + GUARDS + node.probing.max_follow_ups + 1 + 2 * decisiveFrom(bp, id);
}

interface Visit {
  node: string;
  prompts: number;
  confirmationsAsked: number[];
}

function drive(
  bp: Blueprint,
  events: EngineEvent[],
): { state: EngineState; visits: Visit[]; handled: number } {
  let state = start(bp, { run_id: 'p', limits: { max_silence_prompts: 1 } }, 0).state;
  let now = 0;
  const visits: Visit[] = [];
  let visit: Visit | undefined;
  const send = (event: EngineEvent): void => {
    const pathBefore = state.path_taken.length;
    const r = step(bp, state, event, now);
    expect(engineStateSchema.safeParse(r.state).success).toBe(true);
    state = r.state;
    if (state.path_taken.length !== pathBefore) {
      visit = { node: state.path_taken.at(-1) as string, prompts: 0, confirmationsAsked: [] };
      visits.push(visit);
    }
    for (const a of r.actions) {
      if (visit === undefined) continue;
      if (
        (a.type === 'ask' || a.type === 'follow_up' || a.type === 'ask_confirmation') &&
        a.node_id === visit.node
      )
        visit.prompts += 1;
      if (a.type === 'ask_confirmation' && !a.repeat) {
        const entry = state.confirmations?.at(-1);
        if (entry !== undefined) visit.confirmationsAsked.push(entry.edge);
      }
    }
  };
  send({ type: 'session_started', session_id: 's' });
  let handled = 0;
  for (const e of events) {
    if (state.status === 'ended') break;
    now += 1000;
    send(e);
    handled += 1;
  }
  return { state, visits, handled };
}

describe('confirmation and loop-guard properties', () => {
  it(
    'never more than one confirmation per decisive edge per visit, only for decisive edges, and a bounded number of prompts per node visit',
    () => {
      fc.assert(
        fc.property(
          blueprintArb,
          fc.array(participantEventArb, { minLength: 1, maxLength: 200 }),
          (gen, events) => {
            const bp = gen.blueprint;
            const decisive = decisiveEdges(bp);
            const { visits } = drive(bp, events);
            for (const v of visits) {
              expect(new Set(v.confirmationsAsked).size).toBe(v.confirmationsAsked.length);
              for (const edge of v.confirmationsAsked) {
                expect(decisive[edge]).toBe(true);
                expect(bp.graph.edges[edge]?.from).toBe(v.node);
                expect(bp.graph.edges[edge]?.confirm).not.toBe('never');
              }
              expect(v.prompts).toBeLessThanOrEqual(promptBound(bp, v.node));
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'every run terminates: an endless participant who only repeats, denies or mumbles ends the interview within a bound',
    () => {
      // consent events outside the consent request are ignored by design, so the cycle holds none
      const said = participantEventArb.filter((e) => e.type !== 'consent');
      const stubborn = fc.array(said, { minLength: 1, maxLength: 20 });
      fc.assert(
        fc.property(blueprintArb, stubborn, (gen, cycle) => {
          const bp = gen.blueprint;
          // the participant's events repeat forever (consent answered by its event, or by the guards)
          let bound = 2 * (GUARDS + 2);
          for (const [id, node] of Object.entries(bp.graph.nodes))
            bound += node.max_visits * (promptBound(bp, id) + 2) * 2;
          const events = Array.from({ length: bound + 1 }, (_, i) => cycle[i % cycle.length] as EngineEvent);
          const { state, handled } = drive(bp, events);
          expect(state.status).toBe('ended');
          expect(handled).toBeLessThanOrEqual(bound);
          // no confirmation is left pending at the end, or pending one is in the ledger as pending
          for (const c of state.confirmations ?? [])
            expect(['pending', 'confirmed', 'denied']).toContain(c.outcome);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
