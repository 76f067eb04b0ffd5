import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../e2e/harness/livekit.js';

const run = promisify(execFile);

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots and the fake microphone's WAV (gitignored: test-artifacts/). */
export const BROWSER_ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'browser');

/** Fails early with the command to run when the web bundles or chromium are missing. */
export function assertPrerequisites(): void {
  if (!existsSync(join(REPO_ROOT, 'dist/web/join.js'))) {
    throw new Error(
      'dist/web/join.js is missing: run `npm run build` (tsc, then node dist/src/store/web/build.js)',
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash test/setup/chromium.sh`);
}

/**
 * The fake microphone's audio: espeak-ng speech of `text` followed by `silenceS` seconds of silence, as
 * 48 kHz mono 16-bit WAV. Chromium loops the file, so the participant "speaks" once per loop; the fake
 * Deepgram turns each speech segment into the next scripted transcript (nothing when none is scripted).
 */
export async function fakeMicWav(name: string, text: string, silenceS: number): Promise<string> {
  mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
  const speech = join(BROWSER_ARTIFACTS, `${name}.speech.wav`);
  const out = join(BROWSER_ARTIFACTS, `${name}.wav`);
  await run('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', speech, text]);
  await run('sox', [
    speech,
    '-r',
    '48000',
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed-integer',
    out,
    'pad',
    '0.3',
    String(silenceS),
  ]);
  return out;
}

/** Headless Debian chromium with a fake camera/microphone that plays `micWav` and no prompts. */
export async function launchChromium(micWav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${micWav}`,
      '--autoplay-policy=no-user-gesture-required',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}

/** A full-page screenshot under test-artifacts/browser/ (for a person to look at; not asserted). */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
  const path = join(BROWSER_ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The page's console and errors, kept for the artifacts when a test fails. */
export function recordConsole(page: Page, name: string): () => void {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  return () => {
    mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
    writeFileSync(join(BROWSER_ARTIFACTS, `${name}.console.log`), lines.join('\n') + '\n');
  };
}
