import { beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, runCli } from '../console/cli-helpers.js';

/**
 * `parley demo` as a subprocess with no provider keys: an embedded store on a temporary PGlite directory,
 * a scripted offline interview streamed to it, finalize → analysis → a signed per-run webhook verified by
 * the demo's local receiver. Exit 0 only when all of that happened.
 */
beforeAll(() => buildIfStale(), 120_000);

describe('parley demo', () => {
  it('runs end to end with no API keys and a verified webhook', { timeout: 120_000 }, async () => {
    const res = await runCli(['demo', '--json']);
    expect(res.stderr).not.toMatch(/error:/);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as {
      ok: boolean;
      path_taken: string[];
      responses: { items: Array<{ question_key: string; status: string }> };
      analysis: { status: string; results: { summary: { content: string }; quotes: unknown[] } };
      webhook: { event: string; verified: boolean; payload: { interviewId: string; success: boolean } };
      run_id: string;
    };
    expect(out.ok).toBe(true);
    expect(out.path_taken).toEqual([
      'compliance',
      'current_role',
      'employment_history',
      'expertise_depth',
      'availability',
      'done',
    ]);
    expect(out.responses.items.find((i) => i.question_key === 'availability')?.status).toBe('answered');
    expect(out.analysis.status).toBe('completed');
    expect(out.analysis.results.summary.content.length).toBeGreaterThan(0);
    expect(out.webhook.event).toBe('interview_run.completed');
    expect(out.webhook.verified).toBe(true);
    expect(out.webhook.payload.interviewId).toBe(out.run_id);
    expect(out.webhook.payload.success).toBe(true);
    // the transcript went to stderr
    expect(res.stderr).toContain('Agent: Hi Dana Whitfield');
  });

  it('prints the path, responses, analysis and webhook for people', { timeout: 120_000 }, async () => {
    const res = await runCli(['demo', '--blueprint', 'win-loss', '--path', 'won-promoter']);
    expect(res.code).toBe(0);
    for (const heading of ['Path taken', 'Responses', 'Analysis', 'Webhook'])
      expect(res.stdout).toContain(heading);
    expect(res.stdout).toContain('decision_role → evaluation_process → why_us');
    expect(res.stdout).toContain('signature verified');
  });

  it(
    'prints the analysis readably: summary per question, themes, sentiment, quotes, scorecard with its quotes',
    {
      timeout: 120_000,
    },
    async () => {
      const res = await runCli(['demo', '--blueprint', 'recruiting-screen', '--path', 'senior']);
      expect(res.code).toBe(0);
      const analysis = res.stdout.slice(res.stdout.indexOf('Analysis'), res.stdout.indexOf('Webhook'));
      for (const heading of ['Summary', 'Themes', 'Sentiment', 'Quotes', 'Scorecard (overall '])
        expect(analysis).toContain(heading);
      // One third-person sentence per answered question, from the captured fields.
      expect(analysis).toContain('On experience, the participant gives primary stack: typescript');
      expect(analysis).toMatch(/overall (positive|neutral|negative|mixed)/);
      expect(analysis).toMatch(/ {2}why_role +positive/);
      // Quotes carry their time and question, verbatim from the scripted answers.
      expect(analysis).toMatch(/\[\d+:\d{2}\] project_deep_dive: “/);
      // Each criterion with its score, weight and rationale; a criterion's evidence quote under it.
      expect(analysis).toMatch(/technical_depth +\d\/5 ×3 /);
      expect(analysis).toMatch(/logistics_fit +\d\/5 ×1 [^\n]*\n +“I'm expecting around 150000 a year\.”/);
    },
  );

  it('rejects an unknown example (exit 2)', async () => {
    const res = await runCli(['demo', '--blueprint', 'nope']);
    expect(res.code).toBe(2);
  });
});
