import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale, repoRoot, runCli } from '../console/cli-helpers.js';

/**
 * `parley console --answers` for the interviewer's judgement (issue 13 §2–3): a decisive route is
 * confirmed first, loop guards end endless re-asks, questions back are answered from settings.faq and
 * never recorded, and consent needs a clear yes. Every case is a real CLI subprocess with scripted lines.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-judgement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => buildIfStale(), 120_000);

const screen = join(dir, 'screen.yaml');
writeFileSync(
  screen,
  stringify({
    id: 'vendor-screen',
    name: 'Vendor screen',
    settings: {
      consent: true,
      estimated_duration_m: 7,
      faq: [
        {
          question: 'Who will see my answers?',
          answer: 'Only the research team at Acme sees them, and your name is removed.',
        },
      ],
    },
    graph: {
      entry_node: 'ties',
      nodes: {
        ties: {
          type: 'yes_no',
          key: 'ties',
          text: 'Do you have any ties to that company?',
          probing: { enabled: false },
        },
        experience: {
          type: 'question',
          key: 'experience',
          text: 'How many years have you worked in procurement?',
          probing: { enabled: false },
        },
        out: { type: 'end', text: "Thanks, that's all we need." },
        done: { type: 'end' },
      },
      edges: [
        {
          from: 'ties',
          to: 'out',
          priority: 1,
          confirm: 'always',
          condition: { type: 'structured', field: 'ties.value', operator: 'eq', value: true },
        },
        { from: 'ties', to: 'experience' },
        { from: 'experience', to: 'done' },
      ],
    },
  }),
);

interface Summary {
  status: string;
  end_reason: string | null;
  path_taken: string[];
  confirmations: Array<{ node_id: string; to: string; outcome: string; value?: unknown }>;
  responses: { items: Array<{ node_id: string; status: string; value?: unknown }> };
  transcript: Array<{ role: string; content: string; node_id: string | null }>;
}

async function run(lines: string[], blueprint = screen, extra: string[] = []): Promise<Summary> {
  const file = join(dir, `answers-${Math.abs(hash(lines.join('|')))}.yaml`);
  writeFileSync(file, stringify({ answers: lines }));
  const res = await runCli(['console', blueprint, '--answers', file, '--json', ...extra]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Summary;
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

const agentLines = (s: Summary): string[] =>
  s.transcript.filter((t) => t.role === 'agent').map((t) => t.content);

describe('parley console: confirming a decisive route', () => {
  it('asks before a knock-out, and a correction re-asks the question and routes on the new answer', async () => {
    const s = await run([
      'Yes, that is fine.',
      'Yes I do.',
      'No, sorry, I misheard you. I do not.',
      'No, none at all.',
      'About five years.',
    ]);
    expect(
      agentLines(s).some((l) =>
        l.includes('Just so I have this right: you have any ties to that company — correct?'),
      ),
    ).toBe(true);
    expect(s.confirmations).toEqual([
      expect.objectContaining({ node_id: 'ties', to: 'out', outcome: 'denied', value: true }),
    ]);
    expect(s.path_taken).toEqual(['ties', 'experience', 'done']);
    expect(s.responses.items.find((i) => i.node_id === 'ties')).toMatchObject({
      status: 'answered',
      value: false,
    });
    expect(
      agentLines(s).some((l) => l.startsWith('Sorry, my mistake — let me ask again. Do you have any ties')),
    ).toBe(true);
  }, 60_000);

  it('a confirmed answer takes the decisive edge', async () => {
    const s = await run(['Sure, go ahead.', 'Yes, I do.', "Yes, that's right."]);
    expect(s.path_taken).toEqual(['ties', 'out']);
    expect(s.confirmations.map((c) => c.outcome)).toEqual(['confirmed']);
    expect(s.end_reason).toBe('completed');
  }, 60_000);
});

describe('parley console: loop guards', () => {
  it('300 × "sorry, what?" no longer gives 301 agent turns: at most 4 prompts per question, then it moves on', async () => {
    const s = await run(
      Array.from({ length: 300 }, () => 'sorry, what?'),
      join(repoRoot, 'blueprints/expert-vetting.yaml'),
      ['--var', 'topic=payments', '--var', 'client_company=Acme'],
    );
    expect(s.status).toBe('ended');
    const agent = agentLines(s);
    expect(agent.length).toBeLessThan(12);
    const first = s.path_taken[0] as string;
    const atFirst = s.transcript
      .filter((t) => t.role === 'agent' && t.node_id === first)
      .map((t) => t.content);
    expect(atFirst.length).toBeLessThanOrEqual(4);
    expect(new Set(atFirst).size).toBe(atFirst.length); // every re-ask worded differently
    expect(s.responses.items.find((i) => i.node_id === first)?.status).toBe('declined');
  }, 60_000);
});

describe('parley console: questions back to the interviewer', () => {
  it('answers from settings.faq and the blueprint, re-asks, and never records the question as the answer', async () => {
    const s = await run([
      'Yes.',
      'Who will see my answers?',
      'How long will this take?',
      'No.',
      'Five years.',
    ]);
    const agent = agentLines(s);
    expect(
      agent.some(
        (l) => l.startsWith('Only the research team at Acme sees them') && l.includes('Do you have any ties'),
      ),
    ).toBe(true);
    expect(agent.some((l) => l.includes('about 7 minutes') && l.includes('Do you have any ties'))).toBe(true);
    const ties = s.responses.items.find((i) => i.node_id === 'ties');
    expect(ties).toMatchObject({ status: 'answered', value: false });
    // the engine's record is the answer alone (the responses' verbatim still quotes every line at the node)
    expect((ties as { answer?: { summary?: string } }).answer?.summary).toBe('No');
    expect(s.path_taken).toEqual(['ties', 'experience', 'done']);
  }, 60_000);
});

describe('parley console: consent', () => {
  it('ambiguity twice ends politely with consent not given', async () => {
    const s = await run(['I guess.', 'Hmm, maybe.', 'Yes.']);
    expect(s.end_reason).toBe('consent_refused');
    expect(s.path_taken).toEqual([]);
    expect(agentLines(s).at(-1)).toMatch(/won't go ahead/);
    expect(agentLines(s)[1]).toMatch(/clear yes/);
  }, 60_000);

  it('a condition gets the consent explained and asked again; a clear yes then starts the interview', async () => {
    const s = await run([
      'Yes, as long as my name is not used.',
      'Is this being recorded?',
      'Yes, go ahead.',
      'No.',
      'Ten years.',
    ]);
    const agent = agentLines(s);
    expect(agent[1]).toMatch(/To be clear: .*recorded/);
    expect(agent[2]).toMatch(/^Yes — this conversation is recorded/);
    expect(s.path_taken).toEqual(['ties', 'experience', 'done']);
  }, 60_000);
});
