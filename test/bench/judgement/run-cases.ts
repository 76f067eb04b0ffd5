import { isAnswerNode, type Blueprint } from '../../../src/blueprint/schema.js';
import type { Conductor } from '../../../src/conductor/types.js';
import { step } from '../../../src/engine/index.js';
import type { EngineAction } from '../../../src/engine/types.js';
import type { Corpus } from './load.js';
import type { Category, JudgementCase } from './schema.js';
import { scoreCase, type CaseScore, type Outcome, type RouteContext } from './score.js';
import { stateAtNode } from './state.js';

export interface CaseResult {
  id: string;
  category: Category;
  blueprint: string;
  node: string;
  outcome: Outcome;
  score: CaseScore;
}

export function routeContext(bp: Blueprint, node: string): RouteContext {
  const endNodes = new Set<string>();
  const requiredNodes = new Set<string>();
  for (const [id, n] of Object.entries(bp.graph.nodes)) {
    if (n.type === 'end') endNodes.add(id);
    if (isAnswerNode(n) && n.required) requiredNodes.add(id);
  }
  const n = bp.graph.nodes[node];
  const captureNames = n !== undefined && isAnswerNode(n) ? Object.keys(n.capture) : [];
  return { node, captureNames, endNodes, requiredNodes };
}

function hasConfirmation(actions: readonly EngineAction[]): boolean {
  // `ask_confirmation` is the engine's confirmation action (issue 13 §3); compared by name so that this
  // runner works before and after it exists.
  return actions.some((a) => (a.type as string) === 'ask_confirmation');
}

/** Run one case: the real conductor's interpret at the node, its events through the real engine step. */
export async function runCase(
  corpus: Corpus,
  conductor: Conductor,
  c: JudgementCase & { category: Category },
): Promise<CaseResult> {
  const bp = corpus.blueprints.get(c.blueprint)!;
  const setup = corpus.setup[c.blueprint]!;
  const at = stateAtNode(bp, setup, c);
  const node = bp.graph.nodes[c.node]!;
  const turn = at.history.length + 1;
  const interp = await conductor.interpret({
    blueprint: bp,
    state: at.state,
    node,
    utterance: c.utterance,
    history: at.history,
    turn,
  });
  let state = at.state;
  const actions: EngineAction[] = [];
  let now = at.now;
  for (const e of interp.events) {
    now += 5_000;
    const r = step(bp, state, e, now);
    state = r.state;
    actions.push(...r.actions);
  }
  const next =
    state.status === 'ended'
      ? (() => {
          const last = state.path_taken.at(-1);
          return last !== undefined && bp.graph.nodes[last]?.type === 'end' && last !== c.node
            ? last
            : `ended:${state.end_reason ?? 'unknown'}`;
        })()
      : (state.current_node ?? 'ended:unknown');
  const outcome: Outcome = {
    kind: interp.kind,
    value: interp.notes.value,
    fields: interp.notes.fields,
    laterFields: interp.notes.prefill ?? {},
    followUp: actions.some((a) => a.type === 'follow_up'),
    next,
    confirmation: hasConfirmation(actions),
    confidence: interp.notes.confidence ?? 1,
  };
  return {
    id: c.id,
    category: c.category,
    blueprint: c.blueprint,
    node: c.node,
    outcome,
    score: scoreCase(outcome, c.expect, routeContext(bp, c.node)),
  };
}

export async function runCorpus(corpus: Corpus, conductor: Conductor): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of corpus.cases) out.push(await runCase(corpus, conductor, c));
  return out;
}
