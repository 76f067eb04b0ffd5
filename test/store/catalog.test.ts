import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHORT_YAML, backends, createTestStore, type TestStore } from './helpers.js';

for (const backend of backends()) {
  describe(`agents and blueprints (${backend.name})`, () => {
    let s: TestStore;
    beforeAll(async () => {
      s = await createTestStore({ url: backend.url });
    }, 60_000);
    afterAll(() => s?.close());

    it('creates, versions, activates and soft-deletes agents', async () => {
      const body = {
        name: 'Research moderator',
        persona: { system_prompt: 'Be curious.', tone: 'friendly', language: 'en' },
        voice: { provider: 'openai', voice_id: 'alloy', speed: 1.1 },
        techniques: ['laddering', 'example'],
        probing_depth: 'deep',
        boundaries: {
          max_follow_ups_per_question: 3,
          off_topic_handling: 'gentle_redirect',
          sensitive_topics: ['salary'],
        },
        model_config: { assessment: { provider: 'openai', model: 'gpt-4.1-mini' } },
      };
      const created = await s.json('POST', '/v1/agents', { body });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        object: 'agent',
        version: 1,
        is_default: false,
        probing_depth: 'deep',
        techniques: ['laddering', 'example'],
      });
      const id = created.body.id;
      const patched = await s.json('PATCH', `/v1/agents/${id}`, {
        body: { probing_depth: 'light', name: 'Moderator v2' },
      });
      expect(patched.body).toMatchObject({ version: 2, probing_depth: 'light', name: 'Moderator v2' });
      expect(patched.body.persona.tone).toBe('friendly');
      const versions = await s.json('GET', `/v1/agents/${id}/versions`);
      expect(
        versions.body.data.map((v: { version: number; agent: { probing_depth: string } }) => [
          v.version,
          v.agent.probing_depth,
        ]),
      ).toEqual([
        [1, 'deep'],
        [2, 'light'],
      ]);
      const second = await s.json('POST', '/v1/agents', { body: { name: 'Other' } });
      expect((await s.json('POST', `/v1/agents/${id}/activate`)).body.is_default).toBe(true);
      expect((await s.json('POST', `/v1/agents/${second.body.id}/activate`)).body.is_default).toBe(true);
      expect((await s.json('GET', `/v1/agents/${id}`)).body.is_default).toBe(false);
      expect((await s.json('DELETE', `/v1/agents/${id}`)).status).toBe(200);
      expect((await s.json('GET', `/v1/agents/${id}`)).status).toBe(404);
      const list = await s.json('GET', '/v1/agents');
      expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([second.body.id]);
      const bad = await s.json('POST', '/v1/agents', {
        body: { name: 'x', techniques: ['hypnosis'], probing_depth: 'extreme' },
      });
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('hides other organisations and the other mode', async () => {
      const a = await s.json('POST', '/v1/agents', { body: { name: 'Mine' } });
      expect((await s.json('GET', `/v1/agents/${a.body.id}`, { key: s.keys.other })).status).toBe(404);
      expect((await s.json('GET', `/v1/agents/${a.body.id}`, { key: s.keys.test })).status).toBe(404);
      expect(
        (await s.json('PATCH', `/v1/agents/${a.body.id}`, { key: s.keys.other, body: { name: 'x' } })).status,
      ).toBe(404);
      const t = await s.json('POST', '/v1/agents', { key: s.keys.test, body: { name: 'Test agent' } });
      expect(t.body.test_mode).toBe(true);
      expect((await s.json('GET', `/v1/agents/${t.body.id}`)).status).toBe(404);
    });

    it('accepts blueprints as YAML or JSON, with draft → publish → versions → archive', async () => {
      const y = await s.json('POST', '/v1/blueprints', { raw: SHORT_YAML, contentType: 'application/yaml' });
      expect(y.status).toBe(201);
      expect(y.body).toMatchObject({
        object: 'blueprint',
        slug: 'short-interview',
        status: 'draft',
        version: 1,
        published_version: null,
      });
      expect(y.body.graph.entry_node).toBe('intro');
      const j = await s.json('POST', '/v1/blueprints', { body: parse(SHORT_YAML) });
      expect(j.status).toBe(201);
      const id = y.body.id;
      const pub = await s.json('POST', `/v1/blueprints/${id}/publish`);
      expect(pub.body).toMatchObject({ status: 'published', version: 1, published_version: 1 });
      expect((await s.json('POST', `/v1/blueprints/${id}/publish`)).body.published_version).toBe(1);
      const edited = parse(SHORT_YAML);
      edited.name = 'Short feedback interview v2';
      const patched = await s.json('PATCH', `/v1/blueprints/${id}`, { body: edited });
      expect(patched.body).toMatchObject({
        status: 'draft',
        version: 2,
        published_version: 1,
        name: 'Short feedback interview v2',
      });
      await s.json('POST', `/v1/blueprints/${id}/publish`);
      const versions = await s.json('GET', `/v1/blueprints/${id}/versions`);
      expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(versions.body.data[0].definition.name).toBe('Short feedback interview v2');
      expect((await s.json('DELETE', `/v1/blueprints/${id}`)).body.status).toBe('archived');
      expect((await s.json('PATCH', `/v1/blueprints/${id}`, { body: edited })).body.error.code).toBe(
        'CONFLICT',
      );
      const list = await s.json('GET', '/v1/blueprints?status=draft');
      expect(list.body.data.map((b: { id: string }) => b.id)).toEqual([j.body.id]);
      expect((await s.json('GET', `/v1/blueprints/${id}`, { key: s.keys.other })).status).toBe(404);
    });

    it('returns every validator problem with its path, and keeps nothing', async () => {
      const broken = parse(SHORT_YAML);
      broken.graph.edges.push({ from: 'likes', to: 'nowhere' });
      broken.graph.nodes.likes.probing.techniques = ['mind_reading'];
      const res = await s.json('POST', '/v1/blueprints', { body: broken });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_BLUEPRINT');
      const paths = res.body.error.details.problems.map((p: { path: string }) => p.path);
      expect(paths).toContain('graph.nodes.likes.probing.techniques.0');
      const syntax = await s.json('POST', '/v1/blueprints', {
        raw: 'id: [unclosed',
        contentType: 'application/yaml',
      });
      expect(syntax.body.error.code).toBe('INVALID_BLUEPRINT');
      expect(syntax.body.error.details.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 1 });
      const graph = parse(SHORT_YAML);
      graph.graph.edges[0].to = 'nowhere';
      const g = await s.json('POST', '/v1/blueprints', { body: graph });
      expect(
        g.body.error.details.problems.some((p: { code: string }) => p.code === 'EDGE_UNKNOWN_NODE'),
      ).toBe(true);
      expect(
        (await s.json('POST', '/v1/blueprints', { raw: '{"id": ', contentType: 'application/json' })).body
          .error.code,
      ).toBe('INVALID_JSON');
      expect((await s.json('POST', '/v1/blueprints', { raw: 'x', contentType: 'text/csv' })).status).toBe(
        415,
      );
      expect((await s.json('GET', '/v1/blueprints?limit=100', { key: s.keys.test })).body.data).toEqual([]);
    });
  });
}
