import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailDispatcher } from '../../src/store/email/dispatcher.js';
import type { EmailSender, OutgoingEmail, SendResult } from '../../src/store/email/smtp.js';
import { generateSecret } from '../../src/store/webhooks/signing.js';
import { startSmtpReceiver, type SmtpReceiver } from '../fakes/smtp-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { createRun, createTestStore, publishedBlueprint, SHORT_YAML, type TestStore } from './helpers.js';
import { callStore, ensureBuilt, startStoreProcess, type StoreProcess } from './process.js';

const BOOTSTRAP = 'pk_live_InviteBootstrapKey0123456789ab';
const AGENT = 'invite-agent-secret-0123456789';

describe('invitations by email through a real parley store and SMTP server', () => {
  let dir: string;
  let store: StoreProcess;
  let smtp: SmtpReceiver;
  let hooks: WebhookReceiver;
  let bp: string;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'parley-invite-'));
    smtp = await startSmtpReceiver();
    const secret = generateSecret();
    hooks = await startWebhookReceiver({ secret });
    store = await startStoreProcess(
      {
        PARLEY_BOOTSTRAP_KEY: BOOTSTRAP,
        PARLEY_AGENT_SECRET: AGENT,
        PARLEY_WEBHOOK_ALLOW_PRIVATE: '1',
        PARLEY_SMTP_URL: smtp.url,
        PARLEY_EMAIL_FROM: 'Parley Interviews <interviews@parley.test>',
        PARLEY_DIAL_IN_NUMBER: '+1 555 0100',
        LIVEKIT_URL: 'ws://127.0.0.1:7880',
        LIVEKIT_API_KEY: 'devkey',
        LIVEKIT_API_SECRET: 'secret-secret-secret-secret-secret-1',
      },
      ['--data', join(dir, 'data')],
    );
    const created = await api('POST', '/v1/blueprints', SHORT_YAML, { 'content-type': 'application/yaml' });
    bp = created.body.id;
    await api('POST', `/v1/blueprints/${bp}/publish`);
    // the endpoint's own secret signs; the receiver only needs to record the status changes
    const ep = await api('POST', '/v1/webhook-endpoints', {
      url: `${hooks.url}/events`,
      event_types: ['interview_run.status_changed'],
    });
    expect(ep.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await store?.stop();
    await smtp?.close();
    await hooks?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callStore(store.url, BOOTSTRAP, method, path, body, headers);
  const invited = async (runId: string) => {
    const seen = () =>
      hooks.requests.some((r) => {
        const e = JSON.parse(r.body);
        return e.data.id === runId && e.data.status === 'invited';
      });
    while (!seen()) await hooks.waitForRequests(hooks.requests.length + 1, 30_000);
  };

  it('sends the join link to the participant, records it, and moves the run to invited', async () => {
    const a = await api('POST', '/v1/interview-runs', {
      blueprint_id: bp,
      participant: { name: 'Robin Lee', email: 'robin@example.com' },
      variables: { product: 'Parley' },
      invite: { email: true, message: 'Thanks for agreeing to talk to us!' },
    });
    expect(a.status).toBe(201);
    expect(a.body.invited_at).not.toBeNull();
    const b = await api('POST', '/v1/interview-runs', {
      blueprint_id: bp,
      participant: { name: 'Sam Other', email: 'sam@example.org' },
      variables: { product: 'Parley' },
      invite: { email: true },
    });
    await smtp.waitForMails(2);
    const mail = smtp.mails.find((m) => m.to.includes('robin@example.com'))!;
    expect(mail.from).toBe('interviews@parley.test');
    expect(mail.headers.to).toContain('robin@example.com');
    expect(mail.headers.from).toContain('interviews@parley.test');
    expect(mail.headers.subject).toContain('Your interview');
    const text = mail.raw.replace(/=\r?\n/g, '');
    expect(text).toContain(a.body.join_url);
    expect(text).toContain('Thanks for agreeing to talk to us!');
    expect(text).toContain('Robin Lee');
    // nothing of the other run
    for (const leak of [
      b.body.join_url,
      b.body.id,
      'Sam Other',
      'sam@example.org',
      b.body.join_token,
      a.body.join_token,
    ])
      expect(text).not.toContain(leak);

    await invited(a.body.id);
    const got = await api('GET', `/v1/interview-runs/${a.body.id}`);
    expect(got.body.status).toBe('invited');
    expect(got.body.email_sent_at).not.toBeNull();
    const listed = await api('GET', '/v1/interview-runs?status=invited');
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([a.body.id]));

    // resend
    const again = await api('POST', `/v1/interview-runs/${a.body.id}/invite`, {
      message: 'A friendly reminder.',
    });
    expect(again.status).toBe(202);
    await smtp.waitForMails(3);
    expect(smtp.mails[2]!.raw.replace(/=\r?\n/g, '')).toContain('A friendly reminder.');
  });

  it('a phone participant gets the dial-in number and PIN', async () => {
    const r = await api('POST', '/v1/interview-runs', {
      blueprint_id: bp,
      channel: 'sip',
      participant: { name: 'Pat Phone', email: 'pat@example.com' },
      variables: { product: 'Parley' },
      invite: { email: true },
    });
    expect(r.status).toBe(201);
    const n = smtp.mails.length;
    await smtp.waitForMails(n + 1);
    const text = smtp.mails.find((m) => m.to.includes('pat@example.com'))!.raw;
    expect(text).toContain('+1 555 0100');
    expect(text).toContain(r.body.dial_in_pin);
  });

  it('refuses bad addresses with INVALID_EMAIL and stores nothing', async () => {
    const before = (await api('GET', '/v1/interview-runs?limit=100')).body.data.length;
    for (const participant of [
      { name: 'Bad', email: 'not an email' },
      { name: 'Bad', email: 'a@b' },
      { name: 'No address' },
    ]) {
      const r = await api('POST', '/v1/interview-runs', {
        blueprint_id: bp,
        participant,
        variables: { product: 'Parley' },
        invite: { email: true },
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('INVALID_EMAIL');
    }
    expect((await api('GET', '/v1/interview-runs?limit=100')).body.data.length).toBe(before);
  });
});

describe('invitations without SMTP, and the email outbox', () => {
  let s: TestStore;
  let bp: string;
  beforeAll(async () => {
    s = await createTestStore();
    bp = await publishedBlueprint(s);
  }, 60_000);
  afterAll(() => s?.close());

  it('409 EMAIL_NOT_CONFIGURED, and no run is created', async () => {
    const before = (await s.json('GET', '/v1/interview-runs?limit=100')).body.data.length;
    const r = await createRun(s, bp, {
      participant: { name: 'Dana', email: 'dana@example.com' },
      invite: { email: true },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('EMAIL_NOT_CONFIGURED');
    expect((await s.json('GET', '/v1/interview-runs?limit=100')).body.data.length).toBe(before);
  });

  it('retries a temporary refusal on the schedule, gives up on a permanent one', async () => {
    s.deps.config.emailEnabled = true;
    const results: SendResult[] = [
      { ok: false, error: '451 try later', permanent: false },
      { ok: true },
      { ok: false, error: '550 no such mailbox', permanent: true },
    ];
    const sent: OutgoingEmail[] = [];
    const sender: EmailSender = {
      send: (e) => {
        sent.push(e);
        return Promise.resolve(results.shift()!);
      },
      close: () => undefined,
    };
    const onSent: string[] = [];
    const mailer = new EmailDispatcher({
      outbox: s.deps.repos.emails,
      sender,
      now: () => s.clock.now(),
      onSent: (row) => Promise.resolve(void onSent.push(row.runId)),
      logger: { warn: () => undefined },
      random: () => 0.5,
    });
    const run = (await createRun(s, bp, { participant: { name: 'Dana', email: 'dana@example.com' } })).body;
    const invited = await s.json('POST', `/v1/interview-runs/${run.id}/invite`, { body: {} });
    expect(invited.status).toBe(202);
    await mailer.kick();
    let [row] = await s.deps.repos.emails.forRun(run.id);
    expect(row).toMatchObject({ status: 'pending', attempt: 1, lastError: '451 try later' });
    expect(row!.nextAttemptAt).toBeGreaterThan(s.clock.now());
    s.clock.advance(10_000);
    await mailer.kick();
    [row] = await s.deps.repos.emails.forRun(run.id);
    expect(row).toMatchObject({ status: 'sent', attempt: 2 });
    expect(onSent).toEqual([run.id]);
    expect(sent.map((e) => e.to)).toEqual(['dana@example.com', 'dana@example.com']);

    await s.json('POST', `/v1/interview-runs/${run.id}/invite`, { body: {} });
    await mailer.kick();
    const rows = await s.deps.repos.emails.forRun(run.id);
    expect(rows[1]).toMatchObject({ status: 'dead', attempt: 1, lastError: '550 no such mailbox' });
    expect(onSent).toHaveLength(1);
  });
});
