import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { defaultAgent } from '../../src/agent/schema.js';
import { blueprintSchema, type Blueprint } from '../../src/blueprint/schema.js';
import { createConductor } from '../../src/conductor/index.js';
import type { Conductor } from '../../src/conductor/types.js';
import { InterviewSession, type Utterance } from '../../src/interview/session.js';
import type { LiveEvent, TurnBody } from '../../src/store-client/types.js';

/** Shared pieces of the InterviewSession tests: a blueprint file, a session on a fake clock, its writes. */
export const silent = { debug() {}, info() {}, warn() {}, error() {} };
export type Write = { turn: TurnBody } | { events: readonly LiveEvent[] };

/** A blueprint YAML file, by its path from the repository root. */
export function loadBlueprint(path: string): Blueprint {
  return blueprintSchema.parse(parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')));
}

/** An interview with the offline conductor (optionally wrapped), on a clock that steps 1 s per read. */
export function offlineSession(blueprint: Blueprint, wrap: (c: Conductor) => Conductor = (c) => c) {
  const writes: Write[] = [];
  let t = Date.parse('2026-06-01T10:00:00Z');
  const offline = createConductor({ agent: defaultAgent, mode: 'offline', logger: silent, now: () => t });
  const session = new InterviewSession({
    blueprint,
    agent: defaultAgent,
    conductor: wrap(offline),
    run: { run_id: 'run_1', participant: { name: 'Dana' } },
    sessionId: 'ses_1',
    sink: { record: (batch) => void writes.push(...batch) },
    now: () => (t += 1000),
  });
  return { session, writes };
}

export async function read(text: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of text) out += chunk;
  return out;
}

/** An utterance's whole text, once it is recorded. */
export async function spoken(u: Utterance): Promise<string> {
  const text = await read(u.text);
  await u.done;
  return text;
}

export const turnsOf = (writes: Write[]) => writes.flatMap((w) => ('turn' in w ? [w.turn] : []));
