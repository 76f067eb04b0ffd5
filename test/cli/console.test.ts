import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, cleanEnv, cli, repoRoot, runCli, startCli } from '../console/cli-helpers.js';

/**
 * `parley console` end to end, as a subprocess of the built CLI: scripted answers for every example
 * blueprint (several paths each, checked with --expect-path and --json), piped stdin, a pseudo-terminal
 * through util-linux `script` when it is installed, Ctrl-C / EOF, and usage errors.
 */
const answersDir = join(repoRoot, 'blueprints/answers');
const answerFiles = readdirSync(answersDir).filter((f) => f.endsWith('.yaml'));

function blueprintFor(file: string): string {
  return join(repoRoot, 'blueprints', `${file.split('.')[0]}.yaml`);
}

function expectedPath(file: string): string[] {
  const doc = parse(readFileSync(join(answersDir, file), 'utf8')) as { expect_path: string[] };
  return doc.expect_path;
}

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(() => buildIfStale(), 120_000);

describe('parley console --answers (every example blueprint, several paths)', () => {
  it('has at least two answer files per example blueprint', () => {
    for (const bp of ['expert-vetting', 'product-discovery', 'recruiting-screen', 'win-loss']) {
      expect(answerFiles.filter((f) => f.startsWith(`${bp}.`)).length).toBeGreaterThanOrEqual(2);
    }
  });

  for (const file of answerFiles) {
    it(`${file}: --expect-path holds, --json reports it`, async () => {
      const path = expectedPath(file);
      const res = await runCli([
        'console',
        blueprintFor(file),
        '--answers',
        join(answersDir, file),
        '--expect-path',
        path.join(','),
        '--json',
      ]);
      expect(res.stderr).not.toMatch(/path differs/);
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout) as Record<string, unknown>;
      expect(out.path_taken).toEqual(path);
      expect(out.path_matches).toBe(true);
      expect(out.status).toBe('ended');
      expect(out.left).toBe(false);
      expect(Array.isArray(out.probe_ledger)).toBe(true);
      const transcript = out.transcript as Array<{ role: string; turn_number: number }>;
      expect(transcript.length).toBeGreaterThan(1);
      expect(transcript.map((t) => t.turn_number)).toEqual(transcript.map((_, i) => i));
      const responses = out.responses as { items: Array<{ node_id: string; status: string }> };
      const answered = responses.items.filter((i) => i.status !== 'not_reached').map((i) => i.node_id);
      for (const id of answered) expect(path).toContain(id);
      // the transcript (with notes) went to stderr
      expect(res.stderr).toMatch(/Agent: /);
      expect(res.stderr).toMatch(/assessment @/);
    });
  }

  it('exits 1 when the path differs from --expect-path', async () => {
    const res = await runCli([
      'console',
      blueprintFor('expert-vetting.knockout.yaml'),
      '--answers',
      join(answersDir, 'expert-vetting.knockout.yaml'),
      '--expect-path',
      'compliance,current_role',
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('path differs');
    expect(res.stderr).toContain('actual   compliance,knockout_compliance');
  });

  it('records probes in the ledger with technique and reason', async () => {
    const res = await runCli([
      'console',
      blueprintFor('win-loss.lost-detractor.yaml'),
      '--answers',
      join(answersDir, 'win-loss.lost-detractor.yaml'),
      '--json',
    ]);
    const out = JSON.parse(res.stdout) as {
      probe_ledger: Array<{ technique: string; reason: string; node_id: string }>;
    };
    expect(out.probe_ledger.length).toBeGreaterThan(0);
    for (const p of out.probe_ledger) {
      expect(p.technique).toMatch(/^[a-z_]+$/);
      expect(p.reason.length).toBeGreaterThan(0);
    }
  });

  it('--plain prints a clean transcript without notes or colour', async () => {
    const res = await runCli([
      'console',
      blueprintFor('expert-vetting.qualified.yaml'),
      '--answers',
      join(answersDir, 'expert-vetting.qualified.yaml'),
      '--plain',
    ]);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^(Agent|Participant): /);
    expect(res.stdout).not.toMatch(/\u001b\[/);
    expect(lines.at(-1)).toContain("that's everything I need");
  });
});

describe('parley console, interactive', () => {
  const vetting = join(repoRoot, 'blueprints/expert-vetting.yaml');
  const vars = ['--var', 'topic=payments', '--var', 'client_company=Globex', '--participant-name', 'Dana'];

  it('reads answers piped into stdin and shows the notes beside each turn', async () => {
    const res = await runCli(['console', vetting, ...vars], {
      input: 'No, I actually work for Globex.\n',
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Agent: Hi Dana');
    expect(res.stdout).toContain('Participant: No, I actually work for Globex.');
    expect(res.stdout).toContain('value=false');
    expect(res.stdout).toMatch(/compliance\.value == false → knockout_compliance ✓ taken/);
    expect(res.stdout).toContain("Unfortunately we can't go ahead");
    expect(res.stdout).not.toMatch(/\u001b\[/);
  });

  it('EOF before the end leaves the session cleanly (participant left)', async () => {
    const res = await runCli(['console', vetting, ...vars, '--json'], { input: 'Yes, I confirm.\n' });
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { left: boolean; status: string; path_taken: string[] };
    expect(out.left).toBe(true);
    expect(out.status).toBe('active');
    expect(out.path_taken).toEqual(['compliance', 'current_role']);
    expect(res.stderr).toContain('participant left');
  });

  it('SIGINT while waiting for an answer ends the session cleanly', async () => {
    const live = startCli(process.execPath, [cli, 'console', vetting, ...vars]);
    await live.waitFor('→ node compliance');
    live.child.kill('SIGINT');
    const res = await live.exited;
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('participant left');
  });

  it('refuses to start without the required variables (exit 2)', async () => {
    const res = await runCli(['console', vetting], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/missing required variables: topic, client_company/);
  });

  it('reports an unknown blueprint file (exit 2)', async () => {
    const res = await runCli(['console', 'no-such-file.yaml'], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no-such-file\.yaml/);
  });

  it('reports an invalid answers file (exit 2)', async () => {
    const res = await runCli([
      'console',
      vetting,
      '--answers',
      join(repoRoot, 'blueprints/expert-vetting.yaml'),
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/invalid answers file/);
  });

  it.skipIf(!hasScript)('runs in a pseudo-terminal: colours, prompt, Ctrl-C leaves cleanly', async () => {
    const cmd = [process.execPath, cli, 'console', vetting, ...vars].map((a) => `'${a}'`).join(' ');
    const env = cleanEnv();
    delete env.NO_COLOR;
    const live = startCli('script', ['-qfec', cmd, '/dev/null'], { env: { ...env, TERM: 'xterm' } });
    await live.waitFor('> ');
    live.child.stdin.write('Yes, I confirm both.\r');
    await live.waitFor('What is your current role');
    live.child.stdin.write('\u0003');
    await live.waitFor('participant left');
    live.child.stdin.end();
    const res = await live.exited;
    expect(res.code).toBe(0);
    const out = res.stdout;
    expect(out).toMatch(/\u001b\[36m/); // cyan agent label
    expect(out).toMatch(/\u001b\[2m/); // dimmed notes
    expect(out).toContain('value=true');
  });
});

describe('parley console --store (a real `parley store` process)', () => {
  const API_KEY = 'pk_test_consolestoretest0123456789abcdef';
  const SECRET = 'console-store-test-agent-secret';
  let dir: string;
  let storeUrl: string;
  let storeProc: ReturnType<typeof startCli>;
  const storeEnv = (): NodeJS.ProcessEnv =>
    cleanEnv({ PARLEY_API_KEY: API_KEY, PARLEY_AGENT_SECRET: SECRET });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-console-store-'));
    storeProc = startCli(process.execPath, [cli, 'store', '--port', '0', '--data', join(dir, 'data')], {
      cwd: dir,
      env: cleanEnv({ PARLEY_BOOTSTRAP_KEY: API_KEY, PARLEY_AGENT_SECRET: SECRET, PARLEY_LOG_LEVEL: 'warn' }),
    });
    await storeProc.waitFor(/listening on (http:\/\/\S+)/);
    storeUrl = /listening on (http:\/\/\S+)/.exec(storeProc.output())![1]!;
  }, 60_000);

  afterAll(async () => {
    storeProc?.child.kill('SIGTERM');
    await storeProc?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  async function storeTranscript(
    runId: string,
  ): Promise<Array<{ turn_number: number; role: string; content: string }>> {
    const res = await fetch(`${storeUrl}/v1/interview-runs/${runId}/transcript`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { entries: Array<{ turn_number: number; role: string; content: string }> })
      .entries;
  }

  it(
    'creates a run, streams every turn, finalizes; the store transcript equals the console transcript',
    { timeout: 60_000 },
    async () => {
      const file = 'win-loss.lost-detractor.yaml';
      const res = await runCli(
        ['console', blueprintFor(file), '--answers', join(answersDir, file), '--store', storeUrl, '--json'],
        { cwd: dir, env: storeEnv() },
      );
      expect(res.stderr).not.toMatch(/error:/);
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout) as {
        run_id: string;
        path_taken: string[];
        transcript: Array<{ turn_number: number; role: string; content: string }>;
        store: { finalized: boolean; pending: number; dead_letters: number };
      };
      expect(out.run_id).toMatch(/^run_/);
      expect(out.path_taken).toEqual(expectedPath(file));
      expect(out.store).toMatchObject({ finalized: true, pending: 0, dead_letters: 0 });
      const stored = await storeTranscript(out.run_id);
      expect(stored.map((e) => [e.turn_number, e.role, e.content])).toEqual(
        out.transcript.map((t) => [t.turn_number, t.role, t.content]),
      );
    },
  );

  it(
    'resumes after the console is killed mid-interview: same node, nothing duplicated',
    { timeout: 60_000 },
    async () => {
      const vetting = join(repoRoot, 'blueprints/expert-vetting.yaml');
      const live = startCli(
        process.execPath,
        [
          cli,
          'console',
          vetting,
          '--store',
          storeUrl,
          '--var',
          'topic=payments',
          '--var',
          'client_company=Globex',
          '--participant-name',
          'Dana',
        ],
        { cwd: dir, env: storeEnv() },
      );
      await live.waitFor(/store run (run_\w+) created/);
      const runId = /store run (run_\w+) created/.exec(live.output())![1]!;
      await live.waitFor('→ node compliance');
      live.child.stdin.write('Yes, I confirm both.\n');
      await live.waitFor('What is your current role');
      live.child.kill('SIGKILL');
      const killed = await live.exited;
      expect(killed.signal).toBe('SIGKILL');

      const rest = join(dir, 'vetting-rest.yaml');
      writeFileSync(
        rest,
        [
          'answers:',
          '  current_role: ["I am VP of Payments at Northbank, a vp role, for 4 years.", "My team runs the card platform."]',
          '  employment_history: ["I have about 6 years of hands-on payments experience, and I have not left an employer recently."]',
          '  expertise_depth: ["I decided to replace our payment processor in 2022 because of outages; failed payments dropped by half."]',
          '  availability: Mornings.',
          'fallback: Nothing to add.',
        ].join('\n'),
      );
      const res = await runCli(
        ['console', vetting, '--store', storeUrl, '--resume', runId, '--answers', rest, '--json'],
        {
          cwd: dir,
          env: storeEnv(),
        },
      );
      expect(res.stderr).not.toMatch(/error:/);
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout) as {
        path_taken: string[];
        transcript: Array<{ turn_number: number; role: string; content: string; node_id: string | null }>;
        store: { finalized: boolean; dead_letters: number };
      };
      expect(out.path_taken).toEqual([
        'compliance',
        'current_role',
        'employment_history',
        'expertise_depth',
        'availability',
        'done',
      ]);
      expect(out.store).toMatchObject({ finalized: true, dead_letters: 0 });
      // The resumed session welcomes back and asks the question it stopped at.
      expect(res.stderr).toMatch(/resuming run run_\w+ at current_role/);
      expect(res.stderr).toMatch(/Welcome back Dana![^\n]*What is your current role/);

      const stored = await storeTranscript(runId);
      const numbers = stored.map((e) => e.turn_number);
      expect(numbers).toEqual(numbers.map((_, i) => i));
      expect(stored.filter((e) => e.content === 'Yes, I confirm both.')).toHaveLength(1);
      const participant = stored.filter((e) => e.role === 'participant').map((e) => e.content);
      // (the fallback line may legitimately be said more than once)
      const scripted = participant.filter((c) => c !== 'Nothing to add.');
      expect(scripted).toEqual([...new Set(scripted)]);
      expect(stored.map((e) => [e.turn_number, e.content])).toEqual(
        out.transcript.map((t) => [t.turn_number, t.content]),
      );
    },
  );
});
