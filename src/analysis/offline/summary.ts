import { countWords } from '../text.js';
import type { AnalysisResult, SentimentLabel, Theme } from '../types.js';
import { humanise, valueText, type AnsweredQuestion } from './questions.js';
import type { SalienceOf } from './themes.js';

export interface ThemeLookup {
  salienceOf: SalienceOf;
  themeLabelOf: (phraseKey: string) => string | undefined;
}

/**
 * Summary: structural, deterministic, in the third person. One sentence per answered question, in
 * interview order, built from what the interview captured — the typed value (yes/no, choice, rating),
 * the captured fields, and the answer's most salient key phrases — never from agent text and never a
 * copied participant sentence (so no question and no filler can get in). Then two to four key points
 * ranked by salience: the top themes, and the questions where the participant was clearly positive or
 * negative.
 */

const MAX_TOPICS = 2;

function label(key: string): string {
  return key.length <= 3 ? key.toUpperCase() : humanise(key);
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function fieldClauses(q: AnsweredQuestion): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(q.node.capture)) {
    const v = q.fields[name];
    if (v === undefined || v === null) continue;
    const desc = spec.description;
    // A boolean's description is a statement ("Feedback is tracked in spreadsheets"): its name reads better.
    const what =
      desc !== undefined && spec.type !== 'boolean' && desc.split(/\s+/).length <= 6
        ? desc.toLowerCase()
        : humanise(name);
    out.push(`${what}: ${valueText(v)}`);
  }
  return out;
}

/**
 * The question's topics, most salient first: its phrases that belong to a theme (named by the theme's
 * label), then its other multi-word key phrases; a lone word that is no theme is not a topic.
 */
function topics(q: AnsweredQuestion, t: ThemeLookup): string[] {
  const seen = new Map<string, { surface: string; score: number; first: number }>();
  let i = 0;
  for (const pe of q.entries)
    for (const p of pe.text.phrases) {
      const label = t.themeLabelOf(p.key);
      if (label === undefined && p.lemmas.length < 2) continue;
      const prev = seen.get(p.key);
      const score =
        (prev?.score ?? 0) +
        1 +
        (label !== undefined ? 4 : 0) +
        4 * t.salienceOf(p.key) +
        0.3 * p.lemmas.length;
      seen.set(p.key, { surface: label ?? prev?.surface ?? p.surface, score, first: prev?.first ?? i });
      i++;
    }
  const ranked = [...seen.entries()].sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first);
  const picked: string[][] = [];
  const out: string[] = [];
  for (const [key, v] of ranked) {
    if (out.length >= MAX_TOPICS) break;
    const lemmas = key.split(' ');
    // "Kafka consumers" and "consumers" are one topic.
    if (picked.some((p) => lemmas.every((l) => p.includes(l)) || p.every((l) => lemmas.includes(l))))
      continue;
    if (out.includes(v.surface)) continue;
    picked.push(lemmas);
    out.push(v.surface);
  }
  return out;
}

const TONE: Record<SentimentLabel, string> = {
  positive: 'positively',
  negative: 'negatively',
  mixed: 'with mixed feelings',
  neutral: '',
};

export function sectionSentence(q: AnsweredQuestion, themes: ThemeLookup, tone: SentimentLabel): string {
  const head = `On ${label(q.key)}, the participant`;
  if (q.status === 'declined') return `${head} declines to answer.`;
  const clauses: string[] = [];
  const { node, value } = q;
  if (node.type === 'yes_no' && typeof value === 'boolean') clauses.push(`answers ${value ? 'yes' : 'no'}`);
  else if (node.type === 'choice' && value !== null) clauses.push(`chooses ${valueText(value)}`);
  else if (node.type === 'rating' && typeof value === 'number')
    clauses.push(`gives ${valueText(value)} on the ${node.scale.min}–${node.scale.max} scale`);
  const fields = fieldClauses(q);
  if (fields.length > 0) clauses.push(`gives ${fields.join(', ')}`);
  // A topic the captured fields already state ("Payments Engineering" in the job title) is not repeated.
  const stated = `${fields.join(' ')} ${value === null ? '' : valueText(value)}`.toLowerCase();
  const about = topics(q, themes).filter(
    (t) =>
      !t
        .toLowerCase()
        .split(' ')
        .every((w) => stated.includes(w)),
  );
  if (about.length > 0) clauses.push(`mentions ${list(about)}`);
  if (clauses.length === 0) clauses.push(q.words < 8 ? 'answers briefly' : `answers in ${q.words} words`);
  const mood = TONE[tone];
  const text = `${head} ${list(clauses)}${mood === '' ? '' : `, ${mood}`}.`;
  return text.replace(/[?]/g, '');
}

export function buildSummary(
  questions: readonly AnsweredQuestion[],
  themes: readonly Theme[],
  sentiment: AnalysisResult['sentiment'],
  lookup: ThemeLookup,
): AnalysisResult['summary'] {
  const toneOf = new Map(sentiment.by_question.map((q) => [q.question_key, q.sentiment]));
  const sections = questions.map((q) => ({
    node_id: q.nodeId,
    question_key: q.key,
    text: sectionSentence(q, lookup, toneOf.get(q.key) ?? 'neutral'),
    entry_ids: q.entries.map((pe) => pe.entry.id),
  }));
  // Key points by salience: recurring themes, then where the participant was clearly positive or
  // negative, then single-mention themes until there are two.
  const key_points: string[] = [];
  for (const t of themes.filter((x) => x.evidence_count >= 2).slice(0, 3))
    key_points.push(`${t.label} comes up in ${t.evidence_count} answers`);
  for (const side of ['negative', 'positive', 'mixed'] as const) {
    if (key_points.length >= 4) break;
    const keys = sentiment.by_question.filter((q) => q.sentiment === side).map((q) => label(q.question_key));
    if (keys.length > 0) key_points.push(`${side} on ${list(keys.slice(0, 3))}`);
  }
  for (const t of themes.filter((x) => x.evidence_count < 2)) {
    if (key_points.length >= 2) break;
    key_points.push(`mentions ${t.label}`);
  }
  const points = key_points.slice(0, 4).map((p) => p.replace(/[?]/g, ''));
  const content = [
    ...sections.map((s) => s.text),
    ...(points.length > 0 ? [`Key points: ${points.join('; ')}.`] : []),
  ].join(' ');
  return { content, word_count: countWords(content), sections, key_points: points };
}
