import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJoinLinks, createLiveKitMinter, joinSecretFrom } from '../../src/store/join-tokens.js';
import { AGENT_SECRET, createRun, createTestStore, publishedBlueprint, type TestStore } from './helpers.js';
import { sseReader } from './sse.js';

const LK = {
  url: 'ws://127.0.0.1:7880',
  apiKey: 'devkey',
  apiSecret: 'secret-secret-secret-secret-secret-1',
};
const TOKEN_RE = /^http:\/\/store\.test\/join\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43})$/;

describe('join page routes (/join/<token>)', () => {
  let s: TestStore;
  let bp: string;
  const links = createJoinLinks(joinSecretFrom({ agentSecret: AGENT_SECRET }));

  beforeAll(async () => {
    s = await createTestStore();
    s.deps.joinTokens = createLiveKitMinter({ ...LK, now: () => s.clock.now() });
    bp = await publishedBlueprint(s);
  }, 60_000);
  afterAll(() => s?.close());

  const newRun = async () => {
    const r = await createRun(s, bp);
    expect(r.status).toBe(201);
    const m = TOKEN_RE.exec(r.body.join_url);
    expect(m).not.toBeNull();
    return { run: r.body, token: m![1]! };
  };

  it('gives runs an opaque signed link, never the LiveKit token', async () => {
    const { run, token } = await newRun();
    expect(run.join_url).not.toContain(run.join_token);
    expect(links.verify(token)).toEqual({ r: run.id, e: Math.floor(Date.parse(run.expires_at) / 1000) });
    // another secret, a changed payload or a cut signature do not verify
    expect(createJoinLinks('another-secret-another-secret-0123').verify(token)).toBeNull();
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ r: 'run_other', e: 9e9 })).toString('base64url');
    expect(links.verify(`${forged}.${sig}`)).toBeNull();
    expect(links.verify(`${payload}.${sig!.slice(1)}`)).toBeNull();
    expect(links.verify('not a token')).toBeNull();
  });

  it('serves the page with its CSP, and JSON info with title, duration, consent and progress', async () => {
    const { token } = await newRun();
    const page = await s.req('GET', `/join/${token}`, { key: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain(
      "connect-src 'self' ws://127.0.0.1:7880 http://127.0.0.1:7880;",
    );
    const html = await page.text();
    expect(html).toContain('<title>Short feedback interview</title>');
    expect(html).toContain('<script type="module" src="/web/join.js"></script>');

    const info = await s.json('GET', `/join/${token}/info`, { key: null });
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      status: 'awaiting_participant',
      questions_total: 2,
      questions_answered: 0,
      current_node: null,
      title: 'Short feedback interview',
      participant_name: 'Dana Smith',
      estimated_duration_m: 5,
      language: 'en',
      consent_text: null,
      phase: { type: 'open' },
    });
  });

  it('mints a fresh LiveKit token for the run room that dispatches the agent', async () => {
    const { run, token } = await newRun();
    const r = await s.json('POST', `/join/${token}/session`, { key: null });
    expect(r.status).toBe(200);
    expect(r.body.livekit_url).toBe(LK.url);
    const claims = await new TokenVerifier(LK.apiKey, LK.apiSecret).verify(r.body.token);
    expect(claims.video?.room).toBe(run.room);
    expect(claims.sub).toBe(`participant-${run.id}`);
    const cfg = claims.roomConfig as { agents?: { agentName: string; metadata: string }[] } | undefined;
    expect(JSON.parse(cfg!.agents![0]!.metadata)).toEqual({ run_id: run.id });
  });

  it('shows messages, not errors, for bad, expired, cancelled and completed links', async () => {
    const bad = await s.req('GET', '/join/abc.def', { key: null });
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('This link is not valid');
    expect((await s.json('GET', '/join/abc.def/info', { key: null })).status).toBe(404);

    const { run, token } = await newRun();
    const expiredLink = links.sign(run.id, new Date(s.clock.now() - 1000));
    const expired = await s.req('GET', `/join/${expiredLink}`, { key: null });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This interview link has expired');
    const refused = await s.json('POST', `/join/${expiredLink}/session`, { key: null });
    expect(refused.body.error).toMatchObject({ code: 'RUN_NOT_ACTIVE', details: { reason: 'expired' } });

    expect((await s.json('POST', `/v1/interview-runs/${run.id}/cancel`)).status).toBe(200);
    const cancelled = await s.req('GET', `/join/${token}`, { key: null });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('This interview was cancelled');
    const info = await s.json('GET', `/join/${token}/info`, { key: null });
    expect(info.body.phase).toMatchObject({ type: 'closed', reason: 'cancelled' });

    const done = await newRun();
    await s.deps.repos.runs.update(done.run.id, { status: 'completed' });
    expect(await (await s.req('GET', `/join/${done.token}`, { key: null })).text()).toContain(
      'This interview is complete',
    );

    // the run's own expiry closes the link too
    const late = await newRun();
    s.clock.advance(8 * 24 * 3600 * 1000);
    try {
      expect((await s.req('GET', `/join/${late.token}`, { key: null })).status).toBe(410);
    } finally {
      s.clock.advance(-8 * 24 * 3600 * 1000);
    }
  });

  it('streams questions answered / total (and no transcript) to the page', async () => {
    const { run, token } = await newRun();
    const a = { agent: true };
    await s.json('POST', `/internal/runs/${run.id}/sessions`, a);
    const res = await s.req('GET', `/join/${token}/events`, { key: null });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = sseReader(res.body!);
    expect((await events.next())?.data).toMatchObject({ questions_total: 2, questions_answered: 0 });

    const progress = (path: string[], current: string | null, answered: number) => ({
      type: 'progress',
      progress: {
        nodes_total: 2,
        nodes_visited: path.length - 1,
        nodes_answered: answered,
        current_node: current,
        path_taken: path,
        duration_s: 1,
        estimated_remaining_s: 100,
      },
    });
    await s.json('POST', `/internal/runs/${run.id}/events`, {
      ...a,
      body: {
        events: [
          { type: 'transcript_interim', role: 'participant', content: 'secret words' },
          progress(['intro', 'likes'], 'likes', 0),
          progress(['intro', 'likes', 'dislikes'], 'dislikes', 1),
        ],
      },
    });
    const seen: unknown[] = [];
    for (;;) {
      const e = await events.next();
      expect(e?.event).toBe('progress');
      seen.push(e!.data);
      if (e!.data.current_node === 'dislikes') break;
    }
    expect(JSON.stringify(seen)).not.toContain('secret words');
    expect(seen.at(-1)).toEqual({
      status: 'active',
      questions_total: 2,
      questions_answered: 1,
      current_node: 'dislikes',
    });
    await events.cancel();
  });
});

describe('observer routes', () => {
  let s: TestStore;
  let bp: string;
  beforeAll(async () => {
    s = await createTestStore();
    bp = await publishedBlueprint(s);
  }, 60_000);
  afterAll(() => s?.close());

  it('serves the observer pages without data (the script asks for a key)', async () => {
    for (const path of ['/runs', '/runs/run_anything']) {
      const res = await s.req('GET', path, { key: null });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/web/observer.js"></script>');
      expect(html).not.toContain('run_anything');
    }
    expect((await s.req('GET', '/web/../package.json', { key: null })).status).toBe(404);
    expect((await s.req('GET', '/web/secrets.txt', { key: null })).status).toBe(404);
  });

  it('renders the run graph as SVG with node titles, scoped to the key', async () => {
    const run = (await createRun(s, bp)).body;
    const res = await s.req('GET', `/v1/interview-runs/${run.id}/graph.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await res.text();
    expect(svg.startsWith('<svg')).toBe(true);
    for (const id of ['intro', 'likes', 'dislikes', 'done']) expect(svg).toContain(`<title>${id}</title>`);
    expect((await s.req('GET', `/v1/interview-runs/${run.id}/graph.svg`, { key: null })).status).toBe(401);
    expect((await s.req('GET', `/v1/interview-runs/${run.id}/graph.svg`, { key: s.keys.other })).status).toBe(
      404,
    );
  });

  it('returns captured fields and follow-ups (empty before the interview)', async () => {
    const run = (await createRun(s, bp)).body;
    const r = await s.json('GET', `/v1/interview-runs/${run.id}/captured`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      object: 'captured',
      run_id: run.id,
      current_node: null,
      path_taken: [],
      answers: [],
      follow_ups: [],
    });
  });
});
