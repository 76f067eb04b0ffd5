import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { agentSchema, type Agent, type AgentInput } from '../../src/agent/schema.js';
import { blueprintSchema, type Blueprint, type BlueprintInput } from '../../src/blueprint/schema.js';
import type { EngineState } from '../../src/engine/types.js';
import type { ConductorLogger, InterpretInput, Turn } from '../../src/conductor/index.js';

export function exampleBlueprint(name: string): Blueprint {
  const path = fileURLToPath(new URL(`../../blueprints/${name}.yaml`, import.meta.url));
  return blueprintSchema.parse(parse(readFileSync(path, 'utf8')));
}

export function blueprintOf(input: BlueprintInput): Blueprint {
  return blueprintSchema.parse(input);
}

export function agentOf(input: AgentInput = {}): Agent {
  return agentSchema.parse(input);
}

/** A minimal engine state positioned at `nodeId` (the engine's own `start` is not needed here). */
export function stateAt(bp: Blueprint, nodeId: string, over: Partial<EngineState> = {}): EngineState {
  return {
    run: {
      run_id: 'run_test',
      participant: { name: 'Dana' },
      vars: {
        topic: 'payments',
        client_company: 'Acme',
        competitor: 'Rival',
        outcome: 'lost',
        product_name: 'Parley',
        role_title: 'Backend Engineer',
        company_name: 'Initech',
      },
      limits: { max_silence_prompts: 1 },
    },
    blueprint_id: bp.id,
    blueprint_version: bp.version,
    status: 'active',
    current_node: nodeId,
    current_follow_ups: 0,
    visits: { [nodeId]: 1 },
    answers: {},
    probe_ledger: [],
    path_taken: [nodeId],
    consent: 'not_required',
    silence_prompts: 0,
    session_count: 1,
    started_at: 0,
    last_activity_at: 0,
    ended_at: null,
    end_reason: null,
    steps: 1,
    current_pending: false,
    ...over,
  };
}

export function input(
  bp: Blueprint,
  nodeId: string,
  utterance: string,
  extra: { history?: Turn[]; state?: Partial<EngineState>; turn?: number } = {},
): InterpretInput {
  const node = bp.graph.nodes[nodeId];
  if (node === undefined) throw new Error(`no node ${nodeId}`);
  return {
    blueprint: bp,
    state: stateAt(bp, nodeId, extra.state),
    node,
    utterance,
    history: extra.history ?? [],
    turn: extra.turn ?? 3,
  };
}

export interface CapturedLog {
  level: string;
  obj: object;
  msg: string | undefined;
}

export function memoryLogger(): ConductorLogger & { entries: CapturedLog[] } {
  const entries: CapturedLog[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    entries.push({ level, obj, msg });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of it) out.push(c);
  return out;
}
