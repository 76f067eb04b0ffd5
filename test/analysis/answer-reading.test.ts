import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBlueprintOrThrow } from '../../src/blueprint/load.js';
import { isAnswerNode, type AnswerNode, type Blueprint } from '../../src/blueprint/schema.js';
import { NlpSession } from '../../src/analysis/nlp.js';
import { answerReading, READING_WEIGHT } from '../../src/analysis/offline/answer-reading.js';
import type { AnsweredQuestion } from '../../src/analysis/offline/questions.js';
import type { FieldValue } from '../../src/engine/types.js';

/** Readings of short answers by their question (offline/answer-reading.ts), on the shipped blueprints. */

const ROOT = join(import.meta.dirname, '../..');
const session = new NlpSession();
const nps = await loadBlueprintOrThrow(join(ROOT, 'blueprints/nps-churn.yaml'));
const discovery = await loadBlueprintOrThrow(join(ROOT, 'blueprints/product-discovery.yaml'));

function question(
  bp: Blueprint,
  nodeId: string,
  text: string,
  value: FieldValue | null = null,
): AnsweredQuestion {
  const node = bp.graph.nodes[nodeId]!;
  if (!isAnswerNode(node)) throw new Error(nodeId);
  const entry = {
    id: 'e1',
    role: 'participant' as const,
    content: text,
    timestamp: '2026-01-01T00:00:00.000Z',
    offset_ms: 0,
    duration_ms: 1000,
    session_id: 's1',
    node_id: nodeId,
    question_key: node.key,
    entry_type: 'utterance' as const,
    confidence: 0.9,
    turn_number: 1,
  };
  const analysed = session.analyze(text);
  return {
    nodeId,
    key: node.key,
    node: node as AnswerNode,
    entries: [{ entry, questionKey: node.key, text: analysed }],
    status: 'answered',
    value,
    fields: {},
    followUpsAnswered: 0,
    probingComplete: true,
    words: analysed.words,
  };
}

describe('answer readings', () => {
  it('reads yes to a negative act as negative, and leaves no to its words', () => {
    expect(answerReading(question(nps, 'cancel_plan', 'Yes.', true), session)?.score).toBe(READING_WEIGHT);
    expect(answerReading(question(nps, 'cancel_plan', 'Probably.', true), session)?.text).toBe('Probably.');
    expect(answerReading(question(nps, 'cancel_plan', 'No.', false), session)).toBeNull();
    // "another frustration" is a topic, not an act: yes only opens it.
    expect(answerReading(question(discovery, 'more_pains', 'Yes, one more.', true), session)).toBeNull();
  });

  it('reads a bare refusal of an amount or a remedy as negative', () => {
    expect(answerReading(question(nps, 'price_increase', 'None. Zero percent.'), session)?.score).toBe(
      READING_WEIGHT,
    );
    expect(answerReading(question(nps, 'winback', 'Nothing really.', 'nothing'), session)?.score).toBe(
      READING_WEIGHT,
    );
    expect(
      answerReading(question(nps, 'price_increase', 'Zero. You already raised it.'), session),
    ).toBeNull();
    expect(answerReading(question(nps, 'price_increase', 'Maybe five percent.'), session)).toBeNull();
  });
});
