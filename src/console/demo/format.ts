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

export function formatAnalysis(analysis: unknown): string[] {
  const a = analysis as {
    status?: string;
    model?: string | null;
    data?: Record<string, unknown> | null;
    results?: Record<string, unknown> | null;
    summary?: { content?: string };
    themes?: Array<{ label: string; salience: number }>;
    sentiment?: { overall?: string };
    quotes?: Array<{ quote: string }>;
  } | null;
  if (a === null || typeof a !== 'object') return [String(analysis)];
  const body = (a.results ?? a.data ?? a) as {
    summary?: { content?: string };
    themes?: Array<{ label: string; salience: number }>;
    sentiment?: { overall?: string };
    quotes?: Array<{ quote: string }>;
    scorecard?: {
      overall_score?: number | null;
      criteria?: Array<{ key: string; score: number | null }>;
    } | null;
    model?: string;
  };
  const lines: string[] = [];
  lines.push(`status ${a.status ?? '?'}, model ${a.model ?? body.model ?? '?'}`);
  if (body.summary?.content) lines.push(`summary: ${truncate(body.summary.content, 300)}`);
  if (Array.isArray(body.themes) && body.themes.length > 0) {
    lines.push(
      `themes: ${body.themes
        .slice(0, 6)
        .map((t) => `${t.label} (${t.salience.toFixed(2)})`)
        .join(', ')}`,
    );
  }
  if (body.sentiment?.overall) lines.push(`sentiment: ${body.sentiment.overall}`);
  for (const q of (body.quotes ?? []).slice(0, 3)) lines.push(`quote: “${truncate(q.quote, 140)}”`);
  if (body.scorecard?.criteria) {
    lines.push(`scorecard: ${body.scorecard.criteria.map((k) => `${k.key} ${k.score ?? '–'}`).join(', ')}`);
  }
  return lines;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
