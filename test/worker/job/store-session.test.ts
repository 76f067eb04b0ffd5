import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '../../../src/config/worker.js';
import { input } from '../../conductor/helpers.js';
import { StoreClient } from '../../../src/store-client/client.js';
import { createJobConductor, startedRun, ttsOptionsFor } from '../../../src/worker/job/store-session.js';
import { chatJson, startFakeOpenAI, type FakeOpenAIServer } from '../../fakes/openai-server.js';
import { AGENT_SECRET, createRun, publishedBlueprint } from '../../store/helpers.js';
import { createHttpTestStore } from '../../store/http-store.js';

/**
 * The worker reads the run's agent from the store's session reply (the public agent DTO). Driven against
 * the real store app over HTTP, with a custom agent created through the public API.
 */
describe("the voice worker conducts with the run's own agent", () => {
  let s: Awaited<ReturnType<typeof createHttpTestStore>>;
  let url: string;
  let oa: FakeOpenAIServer;
  let dir: string;
  beforeAll(async () => {
    s = await createHttpTestStore();
    url = s.base;
    oa = await startFakeOpenAI();
    dir = mkdtempSync(join(tmpdir(), 'parley-agent-'));
  }, 60_000);
  afterAll(async () => {
    await oa?.close();
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The worker's own first step: open the run's store client, start a session, parse the reply. */
  const startSessionOf = async (runId: string) => {
    const client = StoreClient.open({
      baseUrl: url,
      agentSecret: AGENT_SECRET,
      runId,
      workDir: join(dir, runId),
    });
    const started = startedRun(await client.startSession({ body: { participant_identity: 'p' } }));
    return { client, started };
  };

  it('persona, voice, probing and model config reach the conductor and the TTS', async () => {
    const agent = await s.json('POST', '/v1/agents', {
      body: {
        name: 'Vera',
        persona: {
          system_prompt: 'You are Vera, a patient churn researcher.',
          tone: 'formal',
          language: 'en',
        },
        voice: { provider: 'openai', voice_id: 'verse', speed: 1.2 },
        probing_depth: 'deep',
        boundaries: {
          max_follow_ups_per_question: 1,
          off_topic_handling: 'strict_redirect',
          sensitive_topics: [],
        },
        model_config: {
          generation: { provider: 'openai', model: 'gen-model-x' },
          assessment: { provider: 'openai', model: 'assess-model-y' },
        },
      },
    });
    expect(agent.status).toBe(201);
    const bp = await publishedBlueprint(s);
    const run = (await createRun(s, bp, { agent_id: agent.body.id })).body;

    const { client, started } = await startSessionOf(run.id);
    try {
      expect(started).not.toBeNull();
      const a = started!.agent;
      expect(a.name).toBe('Vera');
      expect(a.persona).toEqual({
        system_prompt: 'You are Vera, a patient churn researcher.',
        tone: 'formal',
        language: 'en',
      });
      expect(a.probing_depth).toBe('deep');
      expect(a.boundaries.max_follow_ups_per_question).toBe(1);
      expect(ttsOptionsFor(a)).toEqual({ voice: 'verse', speed: 1.2 });

      // the conductor calls the agent's assessment model with the agent's persona
      const config = loadWorkerConfig({
        LIVEKIT_URL: 'ws://127.0.0.1:7880',
        LIVEKIT_API_KEY: 'devkey',
        LIVEKIT_API_SECRET: 'secret-secret-secret-secret-secret-1',
        PARLEY_STORE_URL: url,
        PARLEY_AGENT_SECRET: AGENT_SECRET,
        DEEPGRAM_API_KEY: 'dg-test',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: oa.baseURL,
        PARLEY_CONDUCTOR_MODE: 'llm',
      });
      const { conductor, mode } = createJobConductor(config, a, pino({ level: 'silent' }));
      expect(mode).toBe('llm');
      oa.enqueue(
        chatJson({
          kind: 'answer',
          objective_met: true,
          value: null,
          fields: {},
          probe: null,
          acknowledgement: 'Thank you.',
          follow_up: null,
          reply: null,
        }),
      );
      await conductor.interpret(input(started!.blueprint, 'likes', 'We mostly use it for weekly reports.'));
      const req = oa.chatRequests()[0]!;
      expect(req.body.model).toBe('assess-model-y');
      expect(JSON.stringify(req.body.messages)).toContain('You are Vera, a patient churn researcher.');
    } finally {
      client.close();
    }
  });

  it('an agent whose DTO has empty optional parts still parses (no silent fallback)', async () => {
    const agent = await s.json('POST', '/v1/agents', { body: { name: 'Minimal' } });
    const bp = await publishedBlueprint(s);
    const run = (await createRun(s, bp, { agent_id: agent.body.id })).body;
    const { client, started } = await startSessionOf(run.id);
    try {
      expect(started!.agent.name).toBe('Minimal');
    } finally {
      client.close();
    }
  });
});
