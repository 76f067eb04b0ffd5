import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, cli, runCli, startCli } from '../console/cli-helpers.js';

/**
 * `parley console` clocks (issue 13 §5): typing uses the real clock, and the time limit ends the call
 * while the participant is silent (ticks); scripted answers use the synthetic clock (speaking time per
 * line) unless `--clock real`.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => buildIfStale(), 120_000);

function blueprint(name: string, maxMinutes: number, questions: number): string {
  const nodes: Record<string, unknown> = { done: { type: 'end' } };
  const edges: Array<{ from: string; to: string }> = [];
  for (let i = 0; i < questions; i++) {
    nodes[`q${i}`] = {
      type: 'question',
      key: `q${i}`,
      text: `Question number ${i + 1}?`,
      probing: { enabled: false },
    };
    edges.push({ from: `q${i}`, to: i + 1 < questions ? `q${i + 1}` : 'done' });
  }
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      id: name,
      name,
      settings: { estimated_duration_m: maxMinutes, max_duration_m: maxMinutes },
      graph: { entry_node: 'q0', nodes, edges },
    }),
  );
  return file;
}

const long = (i: number): string =>
  `Well, for question ${i} I would say that ` +
  Array.from(
    { length: 70 },
    (_, k) => ['we', 'tried', 'several', 'things', 'over', 'the', 'years'][k % 7],
  ).join(' ') +
  '.';

describe('parley console --clock', () => {
  it('typing (piped, no --answers) uses the real clock: the time limit ends the interview while nobody types', async () => {
    const bp = blueprint('tiny', 0.02, 3); // 1.2 s
    const live = startCli(process.execPath, [cli, 'console', bp, '--json']);
    await live.waitFor('Question number 1?');
    // nothing is typed: the real clock's ticks end the call (stdin stays open)
    const res = await live.exited;
    live.child.stdin.end();
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as {
      end_reason: string;
      transcript: Array<{ role: string; content: string }>;
    };
    expect(out.end_reason).toBe('time_limit');
    expect(out.transcript.filter((t) => t.role === 'participant')).toEqual([]);
    expect(out.transcript.at(-1)?.content).toMatch(/out of time/);
  }, 60_000);

  it('scripted answers use the synthetic clock (speaking time per line); --clock real keeps wall time', async () => {
    const bp = blueprint('short', 1, 6);
    const answers = join(dir, 'long.yaml');
    writeFileSync(answers, stringify({ answers: Array.from({ length: 6 }, (_, i) => long(i + 1)) }));

    const synthetic = await runCli(['console', bp, '--answers', answers, '--json']);
    expect(synthetic.code).toBe(0);
    const s = JSON.parse(synthetic.stdout) as { end_reason: string; path_taken: string[] };
    // each answer takes ~32 s to say: the 1-minute limit wraps up and ends the interview early
    expect(s.end_reason).toBe('time_limit');
    expect(s.path_taken.length).toBeLessThan(6);

    const explicit = await runCli(['console', bp, '--answers', answers, '--json', '--clock', 'synthetic']);
    expect(JSON.parse(explicit.stdout)).toMatchObject({ end_reason: 'time_limit', path_taken: s.path_taken });

    const real = await runCli(['console', bp, '--answers', answers, '--json', '--clock', 'real']);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({
      end_reason: 'completed',
      path_taken: ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'done'],
    });
  }, 60_000);

  it('rejects an unknown clock with a usage error', async () => {
    const res = await runCli(['console', blueprint('x', 5, 1), '--clock', 'sundial']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--clock/);
  }, 60_000);
});
