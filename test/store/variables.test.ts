import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createRun, publishedBlueprint, type TestStore } from './helpers.js';
import { createHttpTestStore } from './http-store.js';

/**
 * Account-level variables over real HTTP, on PGlite and PostgreSQL: CRUD at /v1/variables, scoped to the
 * organisation and mode; every run of the organisation gets them unless it sets them; required ones count
 * for MISSING_REQUIRED_VARIABLES together with the blueprint's; GET /v1/blueprints/:id/variables resolves
 * the blueprint's variables against them. The fixture blueprint declares `product` (required, no default)
 * and `tone` (default "warm").
 */
for (const backend of backends()) {
  describe(`account variables (${backend.name})`, () => {
    let s: TestStore;
    let bp: string;
    // the test-mode key's organisation side holds this file's variables; the live side stays without
    const key = () => s.keys.test;
    beforeAll(async () => {
      s = await createHttpTestStore({ url: backend.url });
      bp = await publishedBlueprint(s, s.keys.test);
    }, 60_000);
    afterAll(() => s?.close());

    const api = (method: string, path: string, body?: unknown, k = key()) =>
      s.json(method, path, { key: k, ...(body !== undefined ? { body } : {}) });

    it('creates, reads, lists, updates and deletes variables', async () => {
      const created = await api('POST', '/v1/variables', {
        name: 'company',
        default_value: 'Acme',
        description: 'Who the interview is for',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        object: 'variable',
        name: 'company',
        default_value: 'Acme',
        description: 'Who the interview is for',
        required: false,
        test_mode: true,
      });
      const id = created.body.id as string;
      expect((await api('GET', `/v1/variables/${id}`)).body).toEqual(created.body);

      s.clock.advance(1000);
      const second = await api('POST', '/v1/variables', { name: 'region', required: true });
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ default_value: null, description: null, required: true });

      const list = await api('GET', '/v1/variables?limit=1');
      expect(list.body).toMatchObject({ object: 'list', has_more: true, next_cursor: second.body.id });
      expect(list.body.data.map((v: { name: string }) => v.name)).toEqual(['region']);
      const next = await api('GET', `/v1/variables?limit=1&starting_after=${second.body.id}`);
      expect(next.body.data.map((v: { name: string }) => v.name)).toEqual(['company']);
      const paged = await api('GET', '/v1/variables?page=1&page_size=10');
      expect(paged.body).toMatchObject({ total_count: 2, total_pages: 1 });

      s.clock.advance(1000);
      const patched = await api('PATCH', `/v1/variables/${id}`, {
        default_value: 'Acme Corp',
        description: null,
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'company', default_value: 'Acme Corp', description: null });
      expect(patched.body.updated_at).not.toBe(created.body.updated_at);

      const rename = await api('PATCH', `/v1/variables/${id}`, { name: 'firm' });
      expect(rename.status).toBe(400);
      expect(rename.body.error.code).toBe('VALIDATION_FAILED');

      const extra = await api('POST', '/v1/variables', { name: 'scratch' });
      const removed = await api('DELETE', `/v1/variables/${extra.body.id}`);
      expect(removed.status).toBe(200);
      expect(removed.body.name).toBe('scratch');
      expect((await api('GET', `/v1/variables/${extra.body.id}`)).status).toBe(404);
      expect((await api('DELETE', `/v1/variables/${extra.body.id}`)).status).toBe(404);
    });

    it('refuses duplicate and malformed names, and turning required on without a default', async () => {
      const dup = await api('POST', '/v1/variables', { name: 'company' });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatchObject({ code: 'VARIABLE_NAME_EXISTS', details: { name: 'company' } });
      for (const name of ['1st', 'has space', '', 'x'.repeat(65)]) {
        const bad = await api('POST', '/v1/variables', { name });
        expect(bad.status).toBe(400);
        expect(bad.body.error.details.issues[0].path).toBe('name');
      }
      const opt = await api('POST', '/v1/variables', { name: 'segment' });
      const req = await api('PATCH', `/v1/variables/${opt.body.id}`, { required: true });
      expect(req.status).toBe(409);
      expect(req.body.error.code).toBe('CANNOT_MAKE_VARIABLE_REQUIRED');
      // with a default in the same change, runs still need not send it
      const ok = await api('PATCH', `/v1/variables/${opt.body.id}`, { required: true, default_value: 'smb' });
      expect(ok.body).toMatchObject({ required: true, default_value: 'smb' });
      // removing the default of a required variable would also make runs supply it
      const drop = await api('PATCH', `/v1/variables/${opt.body.id}`, { default_value: null });
      expect(drop.body.error.code).toBe('CANNOT_MAKE_VARIABLE_REQUIRED');
      expect((await api('PATCH', `/v1/variables/${opt.body.id}`, { required: false })).status).toBe(200);
      expect((await api('DELETE', `/v1/variables/${opt.body.id}`)).status).toBe(200);
    });

    it("keeps each organisation's and mode's variables to itself", async () => {
      const mine = await api('GET', '/v1/variables?limit=100');
      const company = mine.body.data.find((v: { name: string }) => v.name === 'company');
      for (const other of [s.keys.other, s.keys.live]) {
        expect((await api('GET', `/v1/variables/${company.id}`, undefined, other)).status).toBe(404);
        expect((await api('PATCH', `/v1/variables/${company.id}`, { description: 'x' }, other)).status).toBe(
          404,
        );
        expect((await api('DELETE', `/v1/variables/${company.id}`, undefined, other)).status).toBe(404);
        expect((await api('GET', '/v1/variables', undefined, other)).body.data).toEqual([]);
      }
      // the same name is free in another organisation
      const theirs = await api('POST', '/v1/variables', { name: 'company' }, s.keys.other);
      expect(theirs.status).toBe(201);
      expect((await api('DELETE', `/v1/variables/${theirs.body.id}`, undefined, s.keys.other)).status).toBe(
        200,
      );
    });

    it('reads with any key, writes with blueprints:write', async () => {
      const made = await api('POST', '/v1/api-keys', { name: 'reader', scopes: ['interviews:read'] });
      expect(made.status).toBe(201);
      const reader = made.body.key as string;
      expect((await api('GET', '/v1/variables', undefined, reader)).status).toBe(200);
      const write = await api('POST', '/v1/variables', { name: 'nope' }, reader);
      expect(write.status).toBe(403);
      expect(write.body.error).toMatchObject({
        code: 'FORBIDDEN_SCOPE',
        details: { required: 'blueprints:write' },
      });
      const one = (await api('GET', '/v1/variables')).body.data[0];
      expect((await api('PATCH', `/v1/variables/${one.id}`, { description: 'x' }, reader)).status).toBe(403);
      expect((await api('DELETE', `/v1/variables/${one.id}`, undefined, reader)).status).toBe(403);
    });

    it("runs get the account's values unless they set them; required ones of both sides are enforced", async () => {
      // region is required without a default; product is the blueprint's required one
      const missing = await createRun(s, bp, { variables: {} }, key());
      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe('MISSING_REQUIRED_VARIABLES');
      expect(missing.body.error.details.missing.sort()).toEqual(['product', 'region']);
      const onlyBlueprint = await createRun(s, bp, { variables: { product: 'Parley' } }, key());
      expect(onlyBlueprint.body.error.details.missing).toEqual(['region']);

      const run = await createRun(s, bp, { variables: { product: 'Parley', region: 'EU' } }, key());
      expect(run.status).toBe(201);
      expect(run.body.variables).toEqual({
        product: 'Parley',
        tone: 'warm',
        company: 'Acme Corp',
        region: 'EU',
      });
      const own = await createRun(
        s,
        bp,
        { variables: { product: 'Parley', region: 'US', company: 'Initech' } },
        key(),
      );
      expect(own.body.variables.company).toBe('Initech');
      const unknown = await createRun(s, bp, { variables: { product: 'P', region: 'EU', nope: '1' } }, key());
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details.issues[0].path).toBe('variables.nope');

      // the worker's session start carries the account's values
      const started = await s.json('POST', `/internal/runs/${run.body.id}/sessions`, {
        agent: true,
        body: {},
      });
      expect(started.status).toBe(201);
      expect(started.body.variables.company).toBe('Acme Corp');

      // another organisation's runs never see them
      const otherBp = await publishedBlueprint(s, s.keys.other);
      const theirs = await createRun(s, otherBp, {}, s.keys.other);
      expect(theirs.status).toBe(201);
      expect(theirs.body.variables).toEqual({ product: 'Parley', tone: 'warm' });
    });

    it("an account default satisfies the blueprint's required variable; the blueprint's default wins", async () => {
      const product = await api('POST', '/v1/variables', { name: 'product', default_value: 'Widget' });
      const tone = await api('POST', '/v1/variables', {
        name: 'tone',
        default_value: 'crisp',
        required: true,
      });
      const run = await createRun(s, bp, { variables: { region: 'EU' } }, key());
      expect(run.status).toBe(201);
      expect(run.body.variables).toMatchObject({ product: 'Widget', tone: 'warm', region: 'EU' });

      const resolved = await api('GET', `/v1/blueprints/${bp}/variables`);
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ object: 'list', blueprint_id: bp, blueprint_version: 1 });
      const byName = Object.fromEntries(
        resolved.body.data.map((v: { name: string }) => [v.name, v] as const),
      );
      expect(resolved.body.data.map((v: { name: string }) => v.name)).toEqual([
        'product',
        'tone',
        'company',
        'region',
      ]);
      expect(byName.product).toEqual({
        name: 'product',
        description: null,
        required: true,
        value: 'Widget',
        source: 'account',
        must_supply: false,
        blueprint: { required: true, default: null },
        account: { id: product.body.id, required: false, default_value: 'Widget' },
      });
      expect(byName.tone).toMatchObject({
        required: true,
        value: 'warm',
        source: 'blueprint',
        account: { id: tone.body.id, required: true, default_value: 'crisp' },
      });
      expect(byName.company).toMatchObject({
        value: 'Acme Corp',
        source: 'account',
        blueprint: null,
        description: null,
      });
      expect(byName.region).toMatchObject({ required: true, value: null, source: null, must_supply: true });

      // without account variables (the live side): only the blueprint's, as declared
      const liveBp = await publishedBlueprint(s);
      const plain = await s.json('GET', `/v1/blueprints/${liveBp}/variables`);
      expect(plain.body.data).toEqual([
        expect.objectContaining({
          name: 'product',
          required: true,
          value: null,
          source: null,
          must_supply: true,
        }),
        expect.objectContaining({ name: 'tone', required: false, value: 'warm', source: 'blueprint' }),
      ]);
      // another organisation's blueprint is not found; an unpublished version is a 404 too
      expect((await api('GET', `/v1/blueprints/${bp}/variables`, undefined, s.keys.other)).status).toBe(404);
      expect((await api('GET', `/v1/blueprints/${bp}/variables?version=9`)).status).toBe(404);
    });

    it('refuses to delete a variable a non-archived blueprint declares (409 VARIABLE_IN_USE)', async () => {
      // organisation B: its own variables and blueprints, apart from the other tests'
      const other = s.keys.other;
      const tone = await api('POST', '/v1/variables', { name: 'tone', default_value: 'calm' }, other);
      const spare = await api('POST', '/v1/variables', { name: 'unused' }, other);
      const published = await publishedBlueprint(s, other);
      // a draft edit that no longer declares `tone`: the published version still does
      const draft = await s.json('PATCH', `/v1/blueprints/${published}`, {
        key: other,
        raw: 'id: d\nname: D\ngraph:\n  entry_node: e\n  nodes:\n    e: { type: end }\n',
        contentType: 'application/yaml',
      });
      expect(draft.status).toBe(200);

      const refused = await api('DELETE', `/v1/variables/${tone.body.id}`, undefined, other);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'VARIABLE_IN_USE', details: { name: 'tone' } });
      // (organisation B may hold other tests' blueprints with the fixture's variables too)
      const holders = refused.body.error.details.blueprint_ids as string[];
      expect(holders).toContain(published);
      expect((await api('GET', `/v1/variables/${tone.body.id}`, undefined, other)).status).toBe(200);
      // a variable no blueprint declares goes
      expect((await api('DELETE', `/v1/variables/${spare.body.id}`, undefined, other)).status).toBe(200);

      // archived, the blueprints no longer hold it
      for (const id of holders)
        expect((await s.json('DELETE', `/v1/blueprints/${id}`, { key: other })).status).toBe(200);
      const removed = await api('DELETE', `/v1/variables/${tone.body.id}`, undefined, other);
      expect(removed.status).toBe(200);
      expect(removed.body.name).toBe('tone');
    });

    it('documents the endpoints in the OpenAPI', async () => {
      const doc = (await s.json('GET', '/v1/openapi.json', { key: null })).body;
      expect(Object.keys(doc.paths['/v1/variables'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(doc.paths['/v1/variables/{id}'])).toEqual(
        expect.arrayContaining(['get', 'patch', 'delete']),
      );
      expect(doc.paths['/v1/blueprints/{id}/variables'].get.responses['200']).toBeDefined();
      expect(doc.components.schemas.ResolvedVariable.properties.source).toBeDefined();
      expect(doc.paths['/v1/variables/{id}'].delete.description).toContain('409 VARIABLE_IN_USE');
    });
  });
}
