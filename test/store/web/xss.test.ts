import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveKitMinter } from '../../../src/store/join-tokens.js';
import { createHttpTestStore } from '../http-store.js';
import { SHORT_YAML, createRun, type TestStore } from '../helpers.js';

/** Hostile text in every name a page could show: a script tag, both quotes and an ampersand. */
const HOSTILE = `<script>alert("x")</script> & 'q'`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;';

describe('server-rendered pages escape names (over real HTTP)', () => {
  let s: TestStore & { base: string };
  let token: string;
  let runId: string;

  beforeAll(async () => {
    s = await createHttpTestStore();
    s.deps.joinTokens = createLiveKitMinter({
      url: 'ws://127.0.0.1:7880',
      apiKey: 'devkey',
      apiSecret: 'secret-secret-secret-secret-secret-1',
      now: () => s.clock.now(),
    });
    const yaml = SHORT_YAML.replace('name: Short feedback interview', `name: ${JSON.stringify(HOSTILE)}`);
    const bp = await s.json('POST', '/v1/blueprints', { raw: yaml, contentType: 'application/yaml' });
    expect(bp.status).toBe(201);
    expect(bp.body.name).toBe(HOSTILE);
    expect((await s.json('POST', `/v1/blueprints/${bp.body.id}/publish`)).status).toBe(200);
    const agent = await s.json('POST', '/v1/agents', { body: { name: HOSTILE } });
    expect(agent.status).toBe(201);
    const run = await createRun(s, bp.body.id, {
      title: HOSTILE,
      agent_id: agent.body.id,
      participant: { name: HOSTILE },
    });
    expect(run.status).toBe(201);
    runId = run.body.id;
    token = new URL(run.body.join_url).pathname.split('/').at(-1)!;
  }, 60_000);
  afterAll(() => s?.close());

  const page = async (path: string) => {
    const res = await s.req('GET', path, { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    return res.text();
  };

  it('the join page shows the blueprint title escaped and no raw markup', async () => {
    const html = await page(`/join/${token}`);
    expect(html).toContain(`<title>${ESCAPED}</title>`);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(`"x"`);
    expect(html).not.toContain(`'q'`);
    // the names reach the page's script only as JSON
    const info = await s.req('GET', `/join/${token}/info`, { key: null });
    expect(info.headers.get('content-type')).toContain('application/json');
    expect(await info.json()).toMatchObject({ title: HOSTILE, participant_name: HOSTILE });
  });

  it('the observer pages carry no run data, so no raw markup either', async () => {
    for (const path of ['/runs', `/runs/${runId}`]) {
      const html = await page(path);
      expect(html).toContain('<script type="module" src="/web/observer.js"></script>');
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('alert(');
    }
  });

  it('message pages (a cancelled run) escape too and leak no names', async () => {
    expect((await s.json('POST', `/v1/interview-runs/${runId}/cancel`)).status).toBe(200);
    const html = await page(`/join/${token}`);
    expect(html).toContain('id="message"');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('alert(');
  });
});
