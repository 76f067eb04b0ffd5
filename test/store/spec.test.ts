import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from './helpers.js';

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
});
