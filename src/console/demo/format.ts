import { z } from 'zod';
import {
  analysisSummarySchema,
  quoteSchema,
  scorecardResultSchema,
  sentimentSchema,
  themeSchema,
  type Sentiment,
} from '../../analysis/types.js';

/** Plain-text lines for the responses and the analysis the demo reads back from the store. */

export function formatResponses(responses: unknown): string[] {
  const items = (responses as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return [JSON.stringify(responses)];
  return items.map((raw) => {
    const i = raw as {
      question_key?: string;
      status?: string;
      value?: unknown;
      answer?: { summary?: string } | null;
      captured_fields?: Record<string, unknown>;
      follow_ups_asked?: number;
    };
    const parts = [`${i.question_key ?? '?'} [${i.status ?? '?'}]`];
    if (i.value !== null && i.value !== undefined) parts.push(`value=${JSON.stringify(i.value)}`);
    const fields = Object.entries(i.captured_fields ?? {});
    if (fields.length > 0) parts.push(fields.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', '));
    if (i.answer?.summary) parts.push(`“${truncate(i.answer.summary, 90)}”`);
    if ((i.follow_ups_asked ?? 0) > 0) parts.push(`${i.follow_ups_asked} follow-up(s)`);
    return parts.join(' · ');
  });
}

/** The analysis body the demo shows: each part parsed on its own, so one odd part hides only itself. */
const shownAnalysisSchema = z.object({
  summary: analysisSummarySchema.optional().catch(undefined),
  themes: z.array(themeSchema).optional().catch(undefined),
  sentiment: sentimentSchema.optional().catch(undefined),
  quotes: z.array(quoteSchema).optional().catch(undefined),
  scorecard: scorecardResultSchema.nullable().optional().catch(undefined),
  model: z.string().optional().catch(undefined),
});

const envelopeSchema = z.object({
  status: z.string().optional().catch(undefined),
  model: z.string().nullable().optional().catch(undefined),
  results: z.unknown().optional(),
  data: z.unknown().optional(),
});

const mmss = (secs: number) => `${Math.floor(secs / 60)}:${String(Math.floor(secs % 60)).padStart(2, '0')}`;

function sentimentLines(s: Sentiment): string[] {
  const lines = [`overall ${s.overall}`];
  for (const q of s.by_question) {
    const rating = q.evidence.find((e) => e.type === 'rating');
    const why =
      rating !== undefined
        ? `rating ${rating.value} on ${rating.scale.min}–${rating.scale.max}`
        : q.evidence
            .filter((e) => e.type === 'words')
            .sort((a, b) => Math.abs(b.score) - Math.abs(a.score))
            .map((e) => `“${truncate(e.text, 70)}”`)[0];
    lines.push(
      `  ${q.question_key.padEnd(22)} ${q.sentiment.padEnd(8)}${why !== undefined ? ` ${why}` : ''}`,
    );
  }
  return lines;
}

/**
 * The analysis as a person reads it: the summary per question and its key points, the themes with
 * their representative quotes, the sentiment per question with its evidence, the quotes with time and
 * question, and the scorecard per criterion with its rationale and quote.
 */
export function formatAnalysis(analysis: unknown): string[] {
  const envelope = envelopeSchema.safeParse(analysis);
  if (!envelope.success || analysis === null) return [JSON.stringify(analysis)];
  const raw = envelope.data.results ?? envelope.data.data ?? analysis;
  const body = shownAnalysisSchema.parse(typeof raw === 'object' && raw !== null ? raw : {});
  const lines: string[] = [];
  lines.push(`status ${envelope.data.status ?? '?'}, model ${envelope.data.model ?? body.model ?? '?'}`);
  const summary = body.summary;
  if (summary !== undefined && summary.content !== '') {
    lines.push('', 'Summary');
    if (summary.sections.length > 0) for (const sec of summary.sections) lines.push(`  ${sec.text}`);
    else lines.push(`  ${truncate(summary.content, 400)}`);
    if (summary.key_points.length > 0) lines.push(`  Key points: ${summary.key_points.join('; ')}.`);
  }
  if (body.themes !== undefined && body.themes.length > 0) {
    lines.push('', 'Themes');
    for (const t of body.themes.slice(0, 6)) {
      lines.push(`  • ${t.label} (salience ${t.salience.toFixed(2)}, ${t.evidence_count} answer(s))`);
      if (t.quote !== null) lines.push(`      “${truncate(t.quote.quote, 120)}”`);
    }
  }
  if (body.sentiment !== undefined)
    lines.push('', 'Sentiment', ...sentimentLines(body.sentiment).map((l) => `  ${l}`));
  if (body.quotes !== undefined && body.quotes.length > 0) {
    lines.push('', 'Quotes');
    for (const q of body.quotes.slice(0, 6))
      lines.push(`  [${mmss(q.timestamp_secs)}] ${q.node_id ?? '—'}: “${truncate(q.quote, 140)}”`);
  }
  if (body.scorecard !== undefined && body.scorecard !== null) {
    const sc = body.scorecard;
    lines.push('', `Scorecard (overall ${sc.overall === null ? '–' : sc.overall.toFixed(2)} of 5)`);
    for (const c of sc.criteria) {
      lines.push(`  ${c.key.padEnd(22)} ${c.score ?? '–'}/5 ×${c.weight}  ${truncate(c.rationale, 160)}`);
      if (c.quote !== null) lines.push(`      “${truncate(c.quote.quote, 120)}”`);
    }
  }
  return lines;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
