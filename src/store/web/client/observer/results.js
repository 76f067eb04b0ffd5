// The results of a completed run: responses, analysis (quotes link to transcript entries) and the
// recording. The analysis may still be running when the run completes: polled until it is ready.
import { h, replace } from '../shared/dom.js';
import { ApiError, analysisSchema, audioSchema, get, responsesSchema } from './api.js';
import { show } from './value.js';

/**
 * Responses, analysis and the recording, once the run is completed (the analysis may still be running).
 * @param {HTMLElement} root
 * @param {string} base
 * @param {Map<string, HTMLElement>} entries
 */
export async function renderResults(root, base, entries) {
  if (root.dataset.loaded === 'true') return;
  root.dataset.loaded = 'true';
  const responses = h(
    'section',
    { class: 'card', id: 'responses', 'aria-labelledby': 'resp-h' },
    h('h2', { id: 'resp-h' }, 'Responses'),
  );
  const analysis = h(
    'section',
    { class: 'card', id: 'analysis', 'aria-labelledby': 'an-h' },
    h('h2', { id: 'an-h' }, 'Analysis'),
    h('p', { class: 'muted' }, 'Waiting for the analysis…'),
  );
  const recording = h(
    'section',
    { class: 'card', id: 'recording', 'aria-labelledby': 'rec-h' },
    h('h2', { id: 'rec-h' }, 'Recording'),
  );
  replace(root, h('div', { class: 'grid' }, responses, analysis), recording);

  void loadRecording(recording, base);
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const r = responsesSchema.parse(await get(`${base}/responses`));
      const a = analysisSchema.parse(await get(`${base}/analysis`));
      renderResponses(responses, r);
      if (a.status !== 'pending') {
        renderAnalysis(analysis, a, entries);
        return;
      }
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
    }
    await new Promise((r) => setTimeout(r, Math.min(4000, 500 * (attempt + 1))));
  }
}

/** @param {import('./api.js').ResponsesDto['items'][number]} i */
function answerText(i) {
  // typed answers (choice, rating, yes/no) have a plain value; open questions a summary of the words
  if (i.value !== null && i.value !== undefined && typeof i.value !== 'object') return show(i.value);
  if (Array.isArray(i.value)) return i.value.map(show).join(', ');
  return i.answer ? i.answer.summary : show(i.value);
}

/**
 * @param {HTMLElement} el
 * @param {import('./api.js').ResponsesDto} r
 */
function renderResponses(el, r) {
  replace(
    el,
    h('h2', { id: 'resp-h' }, 'Responses'),
    h('p', {}, `Completion: ${Math.round(r.completion_rate * 100)}%`),
    h(
      'dl',
      { class: 'fields' },
      r.items.flatMap((i) => [
        h('dt', {}, i.question_text),
        h(
          'dd',
          { 'data-key': i.question_key },
          i.status === 'answered' ? show(i.value ?? i.answer) : i.status,
        ),
      ]),
    ),
  );
}

/**
 * @param {HTMLElement} el
 * @param {import('./api.js').AnalysisDto} a
 * @param {Map<string, HTMLElement>} entries
 */
function renderAnalysis(el, a, entries) {
  el.dataset.status = a.status;
  if (!a.results) {
    replace(
      el,
      h('h2', { id: 'an-h' }, 'Analysis'),
      h('p', {}, `No analysis (${a.status}${a.error ? `: ${a.error}` : ''}).`),
    );
    return;
  }
  const res = a.results;
  replace(
    el,
    h('h2', { id: 'an-h' }, 'Analysis'),
    h('h3', {}, 'Summary'),
    h('p', { id: 'summary' }, res.summary.content),
    h('h3', {}, 'Themes'),
    h(
      'ul',
      { id: 'themes' },
      res.themes.map((t) => h('li', {}, `${t.label} (${t.evidence.length})`)),
    ),
    h('h3', {}, `Sentiment: ${res.sentiment.overall}`),
    h(
      'ul',
      { id: 'sentiment' },
      res.sentiment.by_question.map((q) => h('li', {}, `${q.question_key}: ${q.sentiment}`)),
    ),
    h('h3', {}, 'Quotes'),
    h(
      'div',
      { id: 'quotes' },
      res.quotes.map((q) =>
        h(
          'blockquote',
          {},
          h('p', {}, `“${q.quote}”`),
          h(
            'p',
            { class: 'muted' },
            `${q.context} · `,
            entries.has(q.transcript_entry_id)
              ? h('a', { href: `#entry-${q.transcript_entry_id}` }, 'in the transcript')
              : 'transcript entry not shown',
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {HTMLElement} el
 * @param {string} base
 */
async function loadRecording(el, base) {
  try {
    const a = audioSchema.parse(await get(`${base}/audio`));
    el.append(
      h('audio', {
        id: 'recording-player',
        controls: true,
        preload: 'metadata',
        src: a.url,
        'aria-label': 'Interview recording',
      }),
      h('p', { class: 'muted' }, `The link works until ${new Date(a.expires_at).toLocaleString()}.`),
    );
  } catch (e) {
    el.append(
      h(
        'p',
        { id: 'no-recording', class: 'muted' },
        e instanceof ApiError && e.status === 404
          ? 'There is no recording of this interview.'
          : 'The recording could not be loaded.',
      ),
    );
  }
}
