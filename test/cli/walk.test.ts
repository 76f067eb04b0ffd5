import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Runs the BUILT cli (`npm test` builds first; locally: `npx tsc -p .`). */
function findRoot(): string {
  // The repository root, also when this file runs compiled from dist/test/cli.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return `${dir}/`;
}
const root = findRoot();
const cli = `${root}dist/src/cli/main.js`;
const dir = 'test/fixtures/walk';
const blueprint = `${dir}/vendor-review.yaml`;

function parley(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: undefined },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface WalkJson {
  status: string;
  end_reason: string | null;
  path_taken: string[];
  probe_ledger: {
    key: string;
    technique: string;
    reason: string;
    index: number;
    turn?: number;
    at: number;
  }[];
  responses: {
    key: string;
    status: string;
    value?: unknown;
    fields: Record<string, unknown>;
    follow_ups: number;
  }[];
  transcript: { role: string; text: string; at_s: number }[];
}

// Each case spawns node; the CLI's start-up dominates, so allow for slow machines.
describe('parley walk', { timeout: 30_000 }, () => {
  it('prints the transcript, path, probe ledger and responses', () => {
    const { status, stdout, stderr } = parley('walk', blueprint, '--answers', `${dir}/happy.answers.yaml`);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('Vendor review (vendor-review v2)\nstatus: ended (completed)\n');
    expect(stdout).toContain('  00:00  agent        Hi Dana, thanks for talking about Acme.\n');
    expect(stdout).toContain('  00:30  agent        (follow-up 1, example: vague about scope)\n');
    expect(stdout).toContain('  01:00  agent        Which vendor did you pick? [Acme / Us / Nobody]\n');
    expect(stdout).toContain('Path taken: welcome → current_role → budget_owner → vendor → score → done\n');
    expect(stdout).toMatch(
      /Probe ledger\n {2}# +key +technique +turn +reason\n {2}1 +current_role +example +5 +vague about scope\n/,
    );
    expect(stdout).toMatch(/current_role +answered +1 +yes +seniority=director/);
    expect(stdout).toMatch(/budget_owner +answered +true +0 +yes/);
    expect(stdout).toMatch(/score +skipped \(skip\) +0 +no/);
  });

  it('--json prints {status, end_reason, path_taken, probe_ledger, responses, transcript}', () => {
    const { status, stdout } = parley('walk', blueprint, '--answers', `${dir}/happy.answers.yaml`, '--json');
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as WalkJson;
    expect(Object.keys(json)).toEqual([
      'status',
      'end_reason',
      'path_taken',
      'probe_ledger',
      'responses',
      'transcript',
    ]);
    expect(json.status).toBe('ended');
    expect(json.end_reason).toBe('completed');
    expect(json.path_taken).toEqual(['welcome', 'current_role', 'budget_owner', 'vendor', 'score', 'done']);
    expect(json.probe_ledger).toEqual([
      {
        node_id: 'current_role',
        key: 'current_role',
        technique: 'example',
        reason: 'vague about scope',
        index: 1,
        turn: 5,
        at: 30_000,
      },
    ]);
    expect(json.responses.map((r) => [r.key, r.status, r.value ?? null])).toEqual([
      ['current_role', 'answered', null],
      ['budget_owner', 'answered', true],
      ['vendor', 'answered', 'Acme'],
      ['score', 'skipped', null],
    ]);
    expect(json.transcript.filter((l) => l.role === 'participant').map((l) => l.text)).toEqual([
      'Yes, that is fine.',
      'I run procurement at a mid-size bank.',
      'Last quarter I ran the RFP for our CRM.',
      'Yes, I do.',
      'We went with Acme.',
      '(declines: skip)',
    ]);
    expect(json.transcript.at(-1)).toMatchObject({
      role: 'agent',
      text: "That's all, Dana. Goodbye!",
      at_s: 90,
    });
  });

  it('is deterministic across runs', () => {
    const a = parley('walk', blueprint, '--answers', `${dir}/keyed.answers.yaml`, '--json');
    const b = parley('walk', blueprint, '--answers', `${dir}/keyed.answers.yaml`, '--json');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout) as WalkJson;
    expect(json.path_taken).toEqual(['welcome', 'current_role', 'vendor', 'score', 'done']);
    expect(json.probe_ledger.map((e) => e.reason)).toEqual(['objective not met']);
  });

  it('a refused consent ends the interview with consent_refused (exit 0)', () => {
    const { status, stdout } = parley('walk', blueprint, '--answers', `${dir}/refuse.answers.yaml`, '--json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'ended',
      end_reason: 'consent_refused',
      path_taken: [],
    });
  });

  it('exits 1 naming the node being asked when the answers run out', () => {
    const { status, stdout, stderr } = parley('walk', blueprint, '--answers', `${dir}/short.answers.yaml`);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'walk: the scripted answers ran out while the agent was asking "budget_owner" (node budget_owner); ' +
        'path so far: welcome → current_role → budget_owner\n',
    );
  });

  it('exits 1 with file:line:col messages for an invalid answers file', () => {
    const { status, stdout, stderr } = parley('walk', blueprint, '--answers', `${dir}/invalid.answers.yaml`);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${dir}/invalid.answers.yaml:4:5  INVALID_ANSWERS  answers[1].decline: Invalid option: expected one of "refused"|"skip"|"dont_know"`,
      `${dir}/invalid.answers.yaml:6:5  INVALID_ANSWERS  answers[2]: unknown key "colour"`,
    ]);
  });

  it('exits 1 when the answers file does not exist', () => {
    const { status, stderr } = parley('walk', blueprint, '--answers', `${dir}/nope.yaml`);
    expect(status).toBe(1);
    expect(stderr).toBe(`${dir}/nope.yaml:1:1  FILE_NOT_FOUND  no such file\n`);
  });

  it('exits 1 for an invalid blueprint', () => {
    const { status, stderr } = parley(
      'walk',
      `${dir}/happy.answers.yaml`,
      '--answers',
      `${dir}/happy.answers.yaml`,
    );
    expect(status).toBe(1);
    expect(stderr).toMatch(/^test\/fixtures\/walk\/happy\.answers\.yaml:\d+:\d+ {2}[A-Z_]+ {2}/);
  });

  it('exits 2 without --answers', () => {
    const { status, stderr } = parley('walk', blueprint);
    expect(status).toBe(2);
    expect(stderr).toContain("required option '-a, --answers <file>' not specified");
  });
});
