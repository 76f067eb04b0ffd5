import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueprintSchema } from '../../src/blueprint/schema.js';
import { computeProgress, initialProgress } from '../../src/engine/progress.js';
import { start } from '../../src/engine/start.js';
import { step } from '../../src/engine/step.js';
import { engineEventSchema, type EngineEventInput, type EngineState } from '../../src/engine/types.js';
import { createLiveKitMinter } from '../../src/store/join-tokens.js';
import { createTestStore, ROOT, type TestStore } from './helpers.js';

const YAML = readFileSync(join(ROOT, 'blueprints/product-discovery.yaml'), 'utf8');
const blueprint = blueprintSchema.parse(parse(YAML));

/**
 * One definition of progress (the engine's): what the API, the live events the observer reads, and the
 * participant's join page show agree at every step of a run.
 */
describe('progress is the engine’s everywhere', () => {
  let s: TestStore;
  let runId: string;
  let token: string;
  beforeAll(async () => {
    s = await createTestStore();
    s.deps.joinTokens = createLiveKitMinter({
      url: 'ws://127.0.0.1:7880',
      apiKey: 'devkey',
      apiSecret: 'secret-secret-secret-secret-secret-1',
      now: () => s.clock.now(),
    });
    const bp = await s.json('POST', '/v1/blueprints', { raw: YAML, contentType: 'application/yaml' });
    expect(bp.status).toBe(201);
    await s.json('POST', `/v1/blueprints/${bp.body.id}/publish`);
    const run = await s.json('POST', '/v1/interview-runs', {
      body: { blueprint_id: bp.body.id, participant: { name: 'Dana' } },
    });
    expect(run.status).toBe(201);
    runId = run.body.id;
    token = /\/join\/([^/]+)$/.exec(run.body.join_url)![1]!;
  }, 60_000);
  afterAll(() => s?.close());

  const shown = async () => {
    const api = (await s.json('GET', `/v1/interview-runs/${runId}`)).body.progress;
    const page = (await s.json('GET', `/join/${token}/info`, { key: null })).body;
    const live = (await s.deps.repos.events.after(runId, 0)).filter((e) => e.type === 'progress').at(-1);
    return { api, page, live: live?.data.progress };
  };

  it('agrees before the first session, and after every step of the engine', async () => {
    const before = await shown();
    expect(before.api).toEqual(initialProgress(blueprint));
    expect(before.page).toMatchObject({ questions_total: before.api.nodes_total, questions_answered: 0 });
    // product-discovery: the answer nodes reachable from consent, not every node of the graph
    expect(before.api.nodes_total).toBeLessThan(Object.keys(blueprint.graph.nodes).length);

    await s.json('POST', `/internal/runs/${runId}/sessions`, {
      agent: true,
      body: { participant_identity: 'p' },
    });
    const t0 = s.clock.now();
    let state: EngineState = start(blueprint, { run_id: runId, participant: { name: 'Dana' } }, t0).state;
    const events: EngineEventInput[] = [
      { type: 'session_started', session_id: 'ses_1' },
      { type: 'consent', given: true },
      {
        type: 'answered',
        text: 'We paste it into a spreadsheet and triage on Fridays.',
        assessment: { objective_met: true },
        turn: 3,
      },
      {
        type: 'answered',
        text: 'Mostly that nothing gets back to the customer.',
        assessment: { objective_met: true },
      },
    ];
    for (const [i, event] of events.entries()) {
      s.clock.advance(15_000);
      state = step(blueprint, state, engineEventSchema.parse(event), s.clock.now()).state;
      const post = await s.json('POST', `/internal/runs/${runId}/events`, {
        agent: true,
        body: { type: 'engine_state', state },
      });
      expect(post.status).toBe(202);
      const engine = computeProgress(blueprint, state, s.clock.now());
      const now = await shown();
      expect(now.api, `step ${i}`).toEqual(engine);
      expect(now.live, `step ${i}`).toEqual(engine);
      expect(now.page, `step ${i}`).toMatchObject({
        questions_total: engine.nodes_total,
        questions_answered: engine.nodes_answered,
        current_node: engine.current_node,
      });
    }
    const last = await shown();
    expect(last.api.nodes_answered).toBeGreaterThanOrEqual(1);
    expect(last.api.nodes_visited).toBeGreaterThan(last.api.nodes_answered - 1);
  });
});
