import { RoomServiceClient } from 'livekit-server-sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createJoinLinks, joinSecretFrom } from '../../src/store/join-tokens.js';
import { AGENT_SECRET, API_KEY, createRun, startStack, type Stack } from '../e2e/harness/stack.js';
import { assertPrerequisites, fakeMicWav, launchChromium, recordConsole, shot } from './harness/browser.js';

/**
 * The join and observer pages in Debian chromium against the real stack (livekit-server, parley store,
 * parley worker, provider fakes). The participant's microphone is chromium's fake capture device looping
 * an espeak-ng WAV; the fake Deepgram turns each speech segment into the next scripted answer. The page's
 * Mute button keeps the looping speech from interrupting the interviewer: the test unmutes only for its
 * answer, like a person who speaks when it is their turn.
 */
// Functions given to page.evaluate / waitForFunction run inside chromium; this file is compiled without
// the DOM library, so the page globals they use are declared loosely here.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const MutationObserver: any;
declare const HTMLAudioElement: any;

let stack: Stack;
let browser: Browser;
const flush: Array<() => void> = [];

beforeAll(async () => {
  assertPrerequisites();
  const wav = await fakeMicWav('participant', 'I am answering the question now.', 4);
  stack = await startStack({ name: 'browser' });
  browser = await launchChromium(wav);
}, 240_000);

afterAll(async () => {
  for (const f of flush) f();
  await browser?.close();
  await stack?.stop();
}, 60_000);

async function newPage(name: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  flush.push(recordConsole(page, name));
  return { ctx, page };
}

/** The interviewer's latest caption matches `re` and it is listening (its turn is over). */
async function waitForQuestion(page: Page, re: RegExp, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    (src) => {
      const caps = [...document.querySelectorAll('#captions .caption-agent .caption-text')];
      const last = caps.at(-1)?.textContent ?? '';
      const state = document.getElementById('agent-state')?.dataset.state;
      return new RegExp(src, 'i').test(last) && state === 'listening';
    },
    re.source,
    { timeout: timeoutMs, polling: 100 },
  );
}

async function sessionCount(runId: string): Promise<number> {
  return (await stack.api('GET', `/v1/interview-runs/${runId}`)).body.session_count as number;
}

async function setMuted(page: Page, muted: boolean): Promise<void> {
  await page.waitForSelector('#mute:not([disabled])', { timeout: 60_000 });
  const btn = page.locator('#mute');
  if ((await btn.getAttribute('aria-pressed')) !== String(muted)) await btn.click();
  await page.waitForSelector(`#mute[aria-pressed="${muted}"]`);
}

/** Speak `text`: script it for the fake STT, unmute until a speech segment has been transcribed as it. */
async function answer(page: Page, text: string): Promise<void> {
  stack.dg.script(text);
  const seen = stack.dg.segments.length;
  await setMuted(page, false);
  for (;;) {
    const seg = await stack.dg.nextSegment(30_000);
    if (seg.transcript === text || stack.dg.segments.slice(seen).some((s) => s.transcript === text)) break;
  }
  await setMuted(page, true);
}

describe('join page and observer page in chromium', () => {
  test('a participant completes an interview; the observer follows it live; a dropped connection and a reload resume', async () => {
    const pages: Array<[string, Page]> = [];
    try {
      await fullInterview(pages);
    } catch (e) {
      for (const [name, page] of pages) await shot(page, `failed-${name}`).catch(() => undefined);
      throw e;
    }
  }, 420_000);

  async function fullInterview(pages: Array<[string, Page]>): Promise<void> {
    const run = await createRun(stack, {
      participant: { name: 'Dana' },
      channel_settings: { recording: true },
    });
    expect(run.join_url).toMatch(new RegExp(`^${stack.storeUrl}/join/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$`));
    expect(run.join_url).not.toContain(run.join_token);

    // the observer signs in with the API key and opens the run before the participant joins
    const obs = await newPage('observer');
    pages.push(['observer', obs.page]);
    await obs.page.setViewportSize({ width: 1280, height: 900 });
    await obs.page.goto(`${stack.storeUrl}/runs/${run.id}`);
    await obs.page.fill('#api-key', API_KEY);
    await obs.page.click('#login button[type=submit]');
    await obs.page.waitForSelector('#graph svg g.node');
    // interim text is replaced by the final entry: remember every interim line shown
    await obs.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __interims: string[] }).__interims = seen;
      const el = document.getElementById('interim')!;
      new MutationObserver(() => {
        if (el.textContent) seen.push(el.textContent);
      }).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await shot(obs.page, '01-observer-waiting');

    // the participant: title, duration, consent text, microphone check
    const p = await newPage('participant');
    pages.push(['participant', p.page]);
    await p.page.goto(run.join_url);
    await p.page.waitForSelector('#start');
    expect(await p.page.textContent('h1')).toBe('E2E voice interview');
    expect(await p.page.textContent('#join')).toContain('about 3 minutes');
    expect(await p.page.textContent('#consent')).toMatch(/recorded and transcribed/);
    await p.page.keyboard.press('Tab'); // keyboard only: focus the check button and press it
    await p.page.focus('#mic-check');
    await p.page.keyboard.press('Enter');
    await p.page.waitForSelector('#mic-meter[data-heard="true"]', { timeout: 20_000 });
    await shot(p.page, '02-join-intro-mic-check');

    await p.page.focus('#start');
    await p.page.keyboard.press('Enter');
    await p.page.waitForSelector('#mute');
    await setMuted(p.page, true);
    await waitForQuestion(p.page, /recorded and transcribed/);
    await shot(p.page, '03-join-consent-question');
    await answer(p.page, 'Yes, that is fine with me.');

    await waitForQuestion(p.page, /role at work/);
    await obs.page.waitForSelector('#graph[data-current-node="role"] g.node.current');
    expect(await p.page.textContent('#progress-text')).toBe('0 of 2');
    await shot(p.page, '04-join-first-question');
    await shot(obs.page, '05-observer-first-question');
    await answer(p.page, 'I am a nurse at a hospital in Leeds, I run the night shift.');

    await waitForQuestion(p.page, /which tool/);
    await obs.page.waitForSelector('#graph[data-current-node="tools"] g.node.current');
    await p.page.waitForSelector('#progress-text[data-answered="1"]');
    await obs.page.waitForFunction(() =>
      /nurse at a hospital/.test(document.getElementById('transcript')!.textContent ?? ''),
    );
    expect(await obs.page.textContent('#captured')).toMatch(/role/);
    expect(await p.page.textContent('#captions')).toMatch(/You: .*nurse at a hospital/);
    await shot(obs.page, '06-observer-second-question');

    // a dropped connection (the server removes the participant) rejoins the same run by itself
    const rooms = new RoomServiceClient(stack.lk.httpUrl, stack.lk.apiKey, stack.lk.apiSecret);
    await rooms.removeParticipant(run.room, `participant-${run.id}`);
    await waitForQuestion(p.page, /welcome back.*which tool/, 90_000);
    expect(await sessionCount(run.id)).toBe(2);
    await shot(p.page, '07a-join-after-drop');

    // a reload mid-interview rejoins the same run: the interviewer welcomes back and asks again
    await p.page.reload();
    await p.page.waitForSelector('#mute');
    await setMuted(p.page, true);
    await waitForQuestion(p.page, /welcome back.*which tool/, 90_000);
    expect(await sessionCount(run.id)).toBe(3);
    await shot(p.page, '07-join-after-reload');
    await answer(p.page, 'I use the scheduling app the most because it saves me an hour every day.');

    // the end: the room closes and the page says the interview is complete
    await p.page.waitForSelector('#join[data-view="message"][data-reason="completed"]', { timeout: 90_000 });
    await shot(p.page, '08-join-completed');

    // observer: completed, analysis with quotes linking to transcript entries
    await obs.page.waitForSelector('#run-status[data-status="completed"]', { timeout: 90_000 });
    await obs.page.waitForSelector('#analysis #summary', { timeout: 60_000 });
    const quoteLinks = await obs.page.$$eval('#quotes a', (as) => as.map((a) => a.getAttribute('href')));
    for (const href of quoteLinks) expect(await obs.page.$(href!)).not.toBeNull();
    const path = await obs.page.getAttribute('#graph', 'data-path');
    expect(path?.split(',')).toEqual(expect.arrayContaining(['role', 'tools']));
    const interims = await obs.page.evaluate(
      () => (window as unknown as { __interims: string[] }).__interims,
    );
    expect(interims.some((t) => /speaking/.test(t))).toBe(true);

    // the recording: a player that plays; only while the store has no audio route yet (recordings are
    // built in parallel) the page must show its "no recording" note instead
    const audio = await stack.api('GET', `/v1/interview-runs/${run.id}/audio`);
    const routeMissing = audio.status === 404 && /no route/.test(String(audio.body?.error?.message));
    if (routeMissing) {
      await obs.page.waitForSelector('#no-recording');
    } else {
      await obs.page.waitForSelector('#recording-player');
      const duration = await obs.page.$eval('#recording-player', async (el) => {
        const a = el as typeof HTMLAudioElement;
        a.muted = true;
        await a.play();
        a.pause();
        return a.duration;
      });
      expect(duration).toBeGreaterThan(1);
    }
    await shot(obs.page, '09-observer-completed');

    // the link of a completed run shows its message, not an error
    const again = await p.ctx.newPage();
    const res = await again.goto(run.join_url);
    expect(res?.status()).toBe(200);
    expect(await again.textContent('h1')).toBe('This interview is complete');

    // the list page shows the run under its status filter
    await obs.page.goto(`${stack.storeUrl}/runs?status=completed`);
    await obs.page.waitForSelector(`#runs tr[data-run="${run.id}"]`);
    await shot(obs.page, '10-observer-list');
    await p.ctx.close();
    await obs.ctx.close();
  }

  test('expired and cancelled links show a message page', async () => {
    const run = await createRun(stack);
    const links = createJoinLinks(joinSecretFrom({ agentSecret: AGENT_SECRET }));
    const { page, ctx } = await newPage('messages');

    const expired = await page.goto(
      `${stack.storeUrl}/join/${links.sign(run.id, new Date(Date.now() - 60_000))}`,
    );
    expect(expired?.status()).toBe(410);
    expect(await page.textContent('h1')).toBe('This interview link has expired');
    await shot(page, '11-join-expired');

    const bogus = await page.goto(`${stack.storeUrl}/join/${links.sign(run.id, null).slice(0, -2)}xx`);
    expect(bogus?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('This link is not valid');

    expect((await stack.api('POST', `/v1/interview-runs/${run.id}/cancel`)).status).toBe(200);
    await page.goto(run.join_url);
    expect(await page.textContent('h1')).toBe('This interview was cancelled');
    await shot(page, '12-join-cancelled');
    await ctx.close();
  }, 60_000);
});
