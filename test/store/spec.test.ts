import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueprintJsonSchema } from '../../src/blueprint/json-schema.js';
import { createRun, createTestStore, publishedBlueprint, type TestStore } from './helpers.js';

type Json = Record<string, any>;

/** The operation an OpenAPI `operationRef` (#/paths/<escaped path>/<method>) points at. */
function resolveRef(doc: Json, ref: string): Json | undefined {
  const [, , escaped, method] = ref.split('/');
  const path = escaped!.replaceAll('~1', '/').replaceAll('~0', '~');
  return doc.paths[path]?.[method!];
}

function strings(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const n of node) strings(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (o.type === 'string') out.push(o);
    for (const v of Object.values(o)) strings(v, out);
  }
  return out;
}

describe('the served OpenAPI document', () => {
  let s: TestStore;
  let doc: Json;
  beforeAll(async () => {
    s = await createTestStore({});
    doc = (await s.json('GET', '/v1/openapi.json', { key: null })).body;
  }, 60_000);
  afterAll(() => s?.close());

  it('links each create operation to the operations that take its id, and a run to its documents', () => {
    const created = doc.paths['/v1/interview-runs'].post.responses['201'].links;
    expect(Object.keys(created)).toEqual(
      expect.arrayContaining(['get', 'patch', 'post_cancel', 'get_transcript']),
    );
    // a new run has no responses, analysis or recording yet (404 until it ends): no link promises them
    for (const later of ['get_responses', 'get_analysis', 'get_audio'])
      expect(created).not.toHaveProperty(later);
    for (const link of Object.values<Json>(created)) {
      expect(resolveRef(doc, link.operationRef)).toBeDefined();
      expect(link.parameters).toEqual({ id: '$response.body#/id' });
    }
    expect(Object.keys(doc.paths['/v1/agents'].post.responses['201'].links)).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
    const run = doc.paths['/v1/interview-runs/{id}'].get.responses['200'].links;
    expect(run.get_transcript_id.parameters).toEqual({ id: '$response.body#/transcript_id' });
    expect(resolveRef(doc, run.get_analysis_id.operationRef)).toBe(doc.paths['/v1/analyses/{id}'].get);
  });

  it('says that text never holds U+0000, and the store keeps that promise', async () => {
    const free = strings(doc.components.schemas).filter((n) => !n.format && !n.enum && n.const === undefined);
    expect(free.length).toBeGreaterThan(50);
    for (const n of free) {
      expect(n.pattern).toBeDefined();
      const re = new RegExp(n.pattern, 'u');
      expect(re.test('a\u0000b')).toBe(false);
    }
    const own = free.filter((n) => n.pattern === '^[^\\u0000]*$');
    expect(own.length).toBeGreaterThan(50);
    for (const n of own) expect(new RegExp(n.pattern, 'u').test('plain text')).toBe(true);
    const res = await s.json('POST', '/v1/agents', { body: { name: 'a\u0000b' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('documents the key rule of external_refs, as the store applies it', async () => {
    const body =
      doc.components.schemas.CreateInterviewRun ??
      doc.paths['/v1/interview-runs'].post.requestBody.content['application/json'].schema;
    const refs = JSON.stringify(doc).match(/"propertyNames":\{"pattern":"\^\[A-Za-z0-9_\.-\]\{1,64\}\$"\}/g);
    expect(body).toBeDefined();
    expect(refs?.length).toBeGreaterThanOrEqual(2);
    const bad = await s.json('PATCH', '/v1/interview-runs/run_nope', {
      body: { external_refs: { '': 'x' } },
    });
    expect(bad.status).toBe(400);
  });

  it('describes the blueprint body with the blueprint JSON Schema, for JSON and YAML alike', () => {
    const body = doc.paths['/v1/blueprints'].post.requestBody.content;
    expect(body['application/json'].schema).toEqual({ $ref: '#/components/schemas/BlueprintDocument' });
    expect(body['application/yaml'].schema).toEqual(body['application/json'].schema);
    const component = doc.components.schemas.BlueprintDocument;
    const source = blueprintJsonSchema() as Json;
    expect(Object.keys(component.properties)).toEqual(Object.keys(source.properties));
    expect(component.required).toEqual(source.required);
    expect(JSON.stringify(doc.components.schemas)).not.toContain('#/$defs/');
    expect(doc.components.schemas.BlueprintDocumentCondition).toBeDefined();
    expect(doc.paths['/v1/blueprints/{id}'].patch.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/BlueprintDocument',
    );
  });

  it('bounds integers as zod does, requires path parameters, and never offers null for one', () => {
    const ints: Json[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        if ((n as Json).type === 'integer') ints.push(n as Json);
        Object.values(n).forEach(walk);
      }
    };
    walk(doc.paths);
    walk(doc.components.schemas);
    for (const n of ints) {
      expect(n.maximum ?? n.exclusiveMaximum).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
      expect(n.minimum ?? n.exclusiveMinimum).toBeGreaterThanOrEqual(-Number.MAX_SAFE_INTEGER);
    }
    const turn = doc.paths['/internal/runs/{id}/turns/{n}'].patch.parameters;
    expect(turn.find((p: Json) => p.name === 'n')).toMatchObject({
      required: true,
      schema: { type: 'integer' },
    });
    const live = doc.paths['/v1/interview-runs/{id}/live'].get.parameters;
    expect(live.find((p: Json) => p.name === 'after').schema.type).toBe('integer');
  });

  it('says free JSON values hold no U+0000 at any depth, and the store refuses one nested deep', async () => {
    const json = doc.components.schemas.JsonValue;
    expect(json.items).toEqual({ $ref: '#/components/schemas/JsonValue' });
    expect(json.additionalProperties).toEqual({ $ref: '#/components/schemas/JsonValue' });
    expect(new RegExp(json.pattern, 'u').test('a\u0000')).toBe(false);
    const metadata = doc.components.schemas.CreateInterviewRun.properties.metadata;
    expect(metadata.additionalProperties).toEqual({ $ref: '#/components/schemas/JsonValue' });
    const bp = await publishedBlueprint(s);
    const deep = await createRun(s, bp, { metadata: { a: [{ b: { c: 'x\u0000y' } }] } });
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toContain('a.0.b.c');
  });

  it('says the values under the other keys of an open object are JsonValues, and the store refuses a NUL key there', async () => {
    const open: Json[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const o = node as Json;
      if ((o.type === 'object' || 'properties' in o) && o.additionalProperties !== false) open.push(o);
      Object.values(o).forEach(walk);
    };
    walk(doc.paths);
    walk(doc.components.schemas);
    expect(open.length).toBeGreaterThan(20);
    for (const o of open) expect(o.additionalProperties).toBeTypeOf('object');
    // the case the fuzzer found: a NUL key inside an extra key's value of a probe ledger entry
    const ledger = open.find((o) => o.properties?.technique && o.properties?.reason && o.properties?.index);
    expect(ledger?.additionalProperties).toEqual({ $ref: '#/components/schemas/JsonValue' });
    const bp = await publishedBlueprint(s);
    const run = (await createRun(s, bp)).body;
    await s.json('POST', `/internal/runs/${run.id}/sessions`, {
      agent: true,
      body: { participant_identity: 'p' },
    });
    const res = await s.json('POST', `/internal/runs/${run.id}/events`, {
      agent: true,
      raw: '{"type":"transcript_interim","role":"participant","content":"um","extra":[{"k\\u0000":1}]}',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('extra.0');
  });

  it('stores an unpaired surrogate as U+FFFD, and a confidence too small for a real as 0', async () => {
    const bp = await publishedBlueprint(s);
    const run = (await createRun(s, bp, { title: 'a\ud83d' })).body;
    expect(run.title).toBe('a\ufffd');
    const raw = `{"participant_identity":"p\\udc00"}`;
    const session = await s.json('POST', `/internal/runs/${run.id}/sessions`, {
      agent: true,
      raw,
      contentType: 'application/json',
    });
    expect(session.status).toBe(201);
    const at = new Date(s.clock.now()).toISOString();
    const turn = {
      turn_number: 1,
      role: 'participant',
      content: 'yes \ud83d',
      started_at: at,
      ended_at: at,
      confidence: 3.9e-189,
      evaluation: { note: '\udc00' },
    };
    const res = await s.json('POST', `/internal/runs/${run.id}/turns`, { agent: true, body: turn });
    expect(res.status).toBe(201);
    const history = await s.json('GET', `/internal/runs/${run.id}/history`, { agent: true });
    expect(history.body.data[0]).toMatchObject({ content: 'yes \ufffd', confidence: 0 });
  });

  it('answers a recording upload for an over-long run id with a 400, not a 500', async () => {
    const res = await s.json(
      'PUT',
      `/internal/runs/${'r'.repeat(101)}/recording?timeline_started_at=${encodeURIComponent(new Date(s.clock.now()).toISOString())}`,
      {
        agent: true,
        raw: 'RIFF',
        contentType: 'audio/wav',
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
