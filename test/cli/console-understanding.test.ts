import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, repoRoot, runCli } from '../console/cli-helpers.js';

/**
 * `parley console --answers` on the example blueprints with answers phrased the way people talk
 * (issue 13 §2): negatively framed questions, double negatives, opposites, questions about the
 * question, self-corrections and units. Each case is a real CLI subprocess; the path is what counts.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-understanding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => buildIfStale(), 120_000);

interface Summary {
  path_taken: string[];
  confirmations: Array<{ node_id: string; to: string; outcome: string }>;
  responses: {
    items: Array<{
      node_id: string;
      status: string;
      value?: unknown;
      captured_fields?: Record<string, unknown>;
    }>;
  };
  transcript: Array<{ role: string; content: string; node_id: string | null }>;
}

let n = 0;
async function run(blueprint: string, vars: string[], lines: string[]): Promise<Summary> {
  const file = join(dir, `answers-${n++}.yaml`);
  writeFileSync(file, stringify({ answers: lines }));
  const args = ['console', join(repoRoot, 'blueprints', blueprint), '--answers', file, '--json'];
  for (const v of vars) args.push('--var', v);
  const res = await runCli(args);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Summary;
}

const VETTING = ['topic=payments', 'client_company=Globex'];
const SCREEN = ['topic=industrial IoT sensors', 'target_company=Siemens'];

describe('parley console: understanding natural answers', () => {
  it('"No, I\'m not affiliated" to "confirm that you don\'t work for Globex" confirms; it is not a knock-out', async () => {
    const s = await run('expert-vetting.yaml', VETTING, [
      "No, no, I'm not affiliated with Globex at all, and I wouldn't share anything confidential.",
    ]);
    expect(s.path_taken.slice(0, 2)).toEqual(['compliance', 'current_role']);
    expect(s.responses.items.find((i) => i.node_id === 'compliance')?.value).toBe(true);
  }, 60_000);

  it('a double negative before a knock-out is confirmed first, and the confirmation decides', async () => {
    const s = await run('compliance-screen.yaml', SCREEN, [
      "It's not that I don't have any ties, I do hold some Siemens stock.",
      "No, sorry — I sold them last year, so I don't.",
      'No.',
    ]);
    const agent = s.transcript.filter((t) => t.role === 'agent').map((t) => t.content);
    expect(agent.some((l) => l.startsWith('Just so I have this right'))).toBe(true);
    expect(s.confirmations.map((c) => c.outcome)).toEqual(['denied']);
    expect(s.path_taken.slice(0, 2)).toEqual(['competitor_ties', 'public_sector']);
  }, 60_000);

  it('an opposite answers the question ("we\'re staying" is not planning to cancel)', async () => {
    const s = await run(
      'nps-churn.yaml',
      [],
      [
        'Yes, fine.',
        'An eight.',
        'About two years now.',
        'Every day, pretty much.',
        "I can't say I'm not tempted, but no, we're staying.",
      ],
    );
    expect(s.responses.items.find((i) => i.node_id === 'tenure')?.captured_fields).toEqual({
      months_as_customer: 24,
    });
    expect(s.responses.items.find((i) => i.node_id === 'cancel_plan')?.value).toBe(false);
    expect(s.path_taken).toContain('price_increase');
    expect(s.path_taken).not.toContain('churn_reason');
  }, 60_000);

  it('a question about the question is never the answer; a self-corrected number routes on the last one', async () => {
    const s = await run(
      'recruiting-screen.yaml',
      ['role_title=Backend Engineer', 'company_name=Acme'],
      [
        'Which country is the role in, though?',
        "Yes, I'm a citizen.",
        "Two years — actually, scratch that, it's closer to one and a half, in TypeScript.",
      ],
    );
    const auth = s.transcript.filter((t) => t.node_id === 'work_authorization' && t.role === 'agent');
    expect(auth.length).toBeGreaterThanOrEqual(2);
    expect(s.responses.items.find((i) => i.node_id === 'work_authorization')?.value).toBe(true);
    expect(s.responses.items.find((i) => i.node_id === 'experience')?.captured_fields).toMatchObject({
      years_experience: 1.5,
    });
    expect(s.path_taken.slice(0, 3)).toEqual(['work_authorization', 'experience', 'junior_project']);
  }, 60_000);

  it('an answer to a later question is kept: that question becomes a brief confirmation', async () => {
    const s = await run(
      'recruiting-screen.yaml',
      ['role_title=Backend Engineer', 'company_name=Acme'],
      [
        'Yes, I am.',
        'Seven years, mostly Go, and before you ask, I would be looking for around 140k.',
        'I led the billing rewrite; I designed the ledger and we cut incidents by half.',
        'The payments domain, because reliability is what I care about most.',
        'Yes, that is right.',
        'Two weeks.',
      ],
    );
    const atSalary = s.transcript.find((t) => t.role === 'agent' && t.node_id === 'salary');
    expect(atSalary?.content).toMatch(/You mentioned this earlier — .*140,000\. Is that right\?$/);
    expect(s.responses.items.find((i) => i.node_id === 'salary')?.captured_fields).toEqual({
      expected_salary: 140000,
    });
    expect(s.responses.items.find((i) => i.node_id === 'experience')?.captured_fields).toMatchObject({
      years_experience: 7,
    });
  }, 60_000);

  it('a backchannel is not an answer; a range that straddles a route is asked again, not routed on its midpoint', async () => {
    const s = await run(
      'recruiting-screen.yaml',
      ['role_title=Backend Engineer', 'company_name=Acme'],
      [
        'Yes, I am.',
        'Mm-hmm.',
        'Between one and three years, depends how you count the freelancing. TypeScript.',
        'One and a half, strictly.',
      ],
    );
    const atExperience = s.transcript.filter((t) => t.role === 'agent' && t.node_id === 'experience');
    expect(atExperience[1]?.content.startsWith('Take your time.')).toBe(true);
    expect(atExperience[2]?.content).toMatch(/rough number/);
    expect(s.responses.items.find((i) => i.node_id === 'experience')?.captured_fields).toMatchObject({
      years_experience: 1.5,
    });
    expect(s.path_taken.slice(0, 3)).toEqual(['work_authorization', 'experience', 'junior_project']);
  }, 60_000);
});
