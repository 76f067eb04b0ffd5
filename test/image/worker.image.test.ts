import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { conversation } from '../e2e/harness/conversation.js';
import { ChildProc } from '../e2e/harness/process.js';
import { TestParticipant } from '../e2e/harness/participant.js';
import { createRun, eventually, startStack, type Stack } from '../e2e/harness/stack.js';
import { ensureBuilt } from '../store/process.js';
import { CLI, IMAGE, cli, containerName, removeContainer, runArgs } from './container.js';

/**
 * `parley worker start` from the image against the e2e suite's stack (real livekit-server, the store on the
 * host, provider fakes) and an rtc-node participant: one complete voice interview, then SIGTERM while a second
 * one is under way drains it (the interview finishes, then the container exits 0).
 */
let stack: Stack;
let name: string;

beforeAll(async () => {
  // the store and the fakes run on the host from dist/ (tsc when stale)
  ensureBuilt();
  name = containerName('worker');
  stack = await startStack({
    name: 'image-worker',
    // long enough for a whole interview to finish after SIGTERM
    workerEnv: { PARLEY_DRAIN_TIMEOUT_S: '120' },
    spawnWorker(env, logDir) {
      const pass: Record<string, string> = {};
      for (const [k, v] of Object.entries(env))
        // the host's PATH, HOME and work directory mean nothing in the container (its /data volume is used)
        if (v !== undefined && !['PATH', 'HOME', 'PARLEY_WORK_DIR'].includes(k)) pass[k] = v;
      pass.PARLEY_HEALTHCHECK_URL = `http://127.0.0.1:${env.PARLEY_METRICS_PORT}/healthz`;
      return new ChildProc('worker', CLI, [...runArgs(name, pass), IMAGE, 'worker', 'start'], {
        logDir,
        env: process.env,
      });
    },
  });
}, 240_000);

afterAll(async () => {
  if (name) removeContainer(name);
  await stack?.stop();
}, 60_000);

const { answer, hear } = conversation(() => stack);

async function interview(p: TestParticipant, runId: string, midway?: () => Promise<void>): Promise<any> {
  await hear(p, /recorded and transcribed/i);
  await answer(p, 'Yes, that is fine with me.');
  await hear(p, /role at work/i);
  await midway?.();
  await answer(p, 'I am a nurse at a hospital in Leeds, I run the night shift.');
  await hear(p, /which tool/i);
  await answer(p, 'I use the scheduling app the most because it saves me an hour every day.');
  await hear(p, /thank you/i);
  return eventually(
    'run completed',
    async () => {
      const r = await stack.api('GET', `/v1/interview-runs/${runId}`);
      return r.body.status === 'completed' ? r.body : null;
    },
    60_000,
  );
}

describe(`parley worker from the image (${IMAGE})`, () => {
  test('a complete WebRTC interview; the HEALTHCHECK command succeeds', async () => {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    try {
      expect((await interview(p, run.id)).status).toBe('completed');
    } finally {
      await p.leave();
    }
    const entries = (await stack.api('GET', `/v1/interview-runs/${run.id}/transcript`)).body;
    const list: any[] = entries.data ?? entries.entries ?? entries;
    expect(list.filter((e) => e.role === 'participant').map((e) => e.content)).toEqual([
      'Yes, that is fine with me.',
      'I am a nurse at a hospital in Leeds, I run the night shift.',
      'I use the scheduling app the most because it saves me an hour every day.',
    ]);
    await stack.hooks.waitForRequests(1, 30_000);
    expect(stack.hooks.requests.some((r) => r.verified?.ok === true)).toBe(true);
    const hc = cli(CLI === 'podman' ? ['healthcheck', 'run', name] : ['exec', name, 'true']);
    expect(hc.status, hc.stderr).toBe(0);
    expect(cli(['exec', name, 'id', '-u']).stdout.trim()).toBe('1000');
  }, 240_000);

  test('SIGTERM mid-interview drains it: the interview completes, then the container exits 0', async () => {
    const run = await createRun(stack);
    const p = new TestParticipant();
    await p.join(stack.lk.url, run.join_token);
    let signalled = false;
    try {
      const done = await interview(p, run.id, async () => {
        expect(cli(['kill', '--signal', 'TERM', name]).status).toBe(0);
        signalled = true;
      });
      expect(signalled).toBe(true);
      expect(done.status).toBe('completed');
    } finally {
      await p.leave();
    }
    const exit = await Promise.race([
      stack.worker.exited,
      new Promise<null>((r) => setTimeout(() => r(null), 90_000)),
    ]);
    expect(exit?.code).toBe(0);
    await stack.hooks.waitForRequests(2, 30_000);
  }, 300_000);
});
