import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeOffline, type TranscriptEntry } from '../../src/analysis/index.js';
import { DOWNSIDE_WEIGHT } from '../../src/analysis/offline/sentiment.js';
import { buildResponses } from '../../src/analysis/responses/build.js';
import { loadBlueprintOrThrow } from '../../src/blueprint/load.js';

/**
 * A follow-up that asks for the downside gets one: the negatives of its answer are requested, so they
 * weigh less (offline/sentiment.ts, DOWNSIDE_WEIGHT), through the whole offline analyzer.
 */

const ROOT = join(import.meta.dirname, '../..');
const recruiting = await loadBlueprintOrThrow(join(ROOT, 'blueprints/recruiting-screen.yaml'));

function deepDive(followUp: string): TranscriptEntry[] {
  const turns: [TranscriptEntry['role'], TranscriptEntry['entry_type'], string][] = [
    ['agent', 'question', recruiting.graph.nodes.project_deep_dive!.text ?? ''],
    [
      'participant',
      'utterance',
      'Cut our cloud bill by a third. Moved batch jobs to spot instances with checkpointing.',
    ],
    ['agent', 'follow_up', followUp],
    ['participant', 'utterance', 'Jobs got slower to finish on bad days, up to twenty percent.'],
  ];
  return turns.map(([role, entry_type, content], i) => ({
    id: `e${i}`,
    role,
    content,
    timestamp: new Date(Date.UTC(2026, 0, 1, 10, 0, i * 5)).toISOString(),
    offset_ms: i * 5000,
    duration_ms: 4000,
    session_id: 's1',
    node_id: 'project_deep_dive',
    question_key: 'project_deep_dive',
    entry_type,
    confidence: role === 'participant' ? 0.9 : null,
    turn_number: i,
  }));
}

const readAfter = (followUp: string) => {
  const transcript = deepDive(followUp);
  const responses = buildResponses({ blueprint: recruiting, state: null, transcript });
  const r = analyzeOffline(
    { blueprint: recruiting, transcript, responses, participant_name: 'Tomasz Nowak', language: 'en' },
    () => 0,
  );
  const q = r.sentiment.by_question.find((x) => x.question_key === 'project_deep_dive')!;
  const slower = q.evidence.find((e) => e.type === 'words' && e.text.startsWith('Jobs got slower'));
  return { sentiment: q.sentiment, slower: slower?.type === 'words' ? slower.score : 0 };
};

describe('a follow-up that asks for the downside', () => {
  it('weighs the requested downside half as much as a volunteered one', () => {
    const requested = readAfter('What was the trade-off?');
    const volunteered = readAfter('And how did the jobs do after that?');
    expect(volunteered.slower).toBeLessThan(0);
    expect(requested.slower).toBeCloseTo(volunteered.slower * DOWNSIDE_WEIGHT, 5);
    expect(requested.sentiment).toBe('positive');
  });
});
