// `/runs/<id>`: one run, live while it runs (SSE with interim text, moving graph highlight, captured
// fields and follow-ups) and, once completed, responses, analysis (quotes link to transcript entries) and
// the recording.
import { h, replace } from '../shared/dom.js';
import { followSse } from '../shared/sse.js';
import { capturedSchema, entrySchema, get, progressSchema, runSchema, transcriptSchema } from './api.js';
import { highlight } from './graph.js';
import { renderResults } from './results.js';
import { show } from './value.js';

const LIVE = ['awaiting_consent', 'active', 'processing'];
const WAITING = ['scheduled', 'awaiting_participant', 'invited', 'abandoned'];
const DONE = ['completed', 'failed'];

/** @param {string} role */
const who = (role) => (role === 'agent' ? 'Interviewer' : 'Participant');

/**
 * @param {HTMLElement} root
 * @param {string} id
 */
export async function renderRun(root, id) {
  const base = `/v1/interview-runs/${encodeURIComponent(id)}`;
  let run = runSchema.parse(await get(`${base}?expand=blueprint`));
  let path = run.progress.path_taken;
  let current = run.progress.current_node;

  const badge = h('span', { class: 'badge', id: 'run-status', 'data-status': run.status }, run.status);
  const graph = h('div', { class: 'graph', id: 'graph', role: 'img', 'aria-label': 'Interview graph' });
  const currentText = h('p', { id: 'current-node', 'aria-live': 'polite' });
  const log = h('div', {
    id: 'transcript',
    class: 'transcript',
    role: 'log',
    'aria-live': 'polite',
    tabindex: '0',
  });
  const interim = h('p', { id: 'interim', class: 'interim', 'aria-live': 'off' });
  const captured = h('div', { id: 'captured' }, h('p', { class: 'muted' }, 'Nothing captured yet.'));
  const followUps = h('ol', { id: 'follow-ups' });
  const noFollowUps = h('p', { class: 'muted' }, 'No follow-up questions so far.');
  const results = h('div', { id: 'results' });
  replace(
    root,
    h('h1', {}, `${run.blueprint?.definition.name ?? run.blueprint_id} · ${run.participant.name} `, badge),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'transcript-h' },
        h('h2', { id: 'transcript-h' }, 'Live transcript'),
        log,
        interim,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'graph-h' },
        h('h2', { id: 'graph-h' }, 'Interview graph'),
        currentText,
        graph,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'captured-h' },
        h('h2', { id: 'captured-h' }, 'Captured so far'),
        captured,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'fu-h' },
        h('h2', { id: 'fu-h' }, 'Follow-ups'),
        noFollowUps,
        followUps,
      ),
    ),
    results,
  );

  const moveTo = () => {
    highlight(graph, path, current);
    currentText.textContent = current
      ? `Current node: ${current}`
      : run.status === 'completed'
        ? 'Finished'
        : 'Not started';
    currentText.dataset.node = current ?? '';
  };
  void get(`${base}/graph.svg`, 'text')
    .then((svg) => {
      // the store's own Graphviz rendering of the pinned blueprint (labels escaped by the renderer)
      graph.innerHTML = String(svg);
      moveTo();
    })
    .catch(() => replace(graph, h('p', { class: 'muted' }, 'The graph is not available.')));
  moveTo();

  /** @type {Map<string, HTMLElement>} */
  const entries = new Map();
  /** @param {import('./api.js').Entry} e */
  const upsertEntry = (e) => {
    let el = entries.get(e.id);
    if (!el) {
      el = h('p', { class: `entry entry-${e.role}`, id: `entry-${e.id}`, 'data-role': e.role });
      entries.set(e.id, el);
      log.append(el);
    }
    replace(el, h('strong', {}, `${who(e.role)}: `), e.content);
    if (interim.dataset.role === e.role) {
      interim.textContent = '';
      interim.dataset.role = '';
    }
    log.scrollTop = log.scrollHeight;
  };

  /** @param {import('./api.js').Captured} c */
  const renderCaptured = (c) => {
    if (c.answers.length === 0) replace(captured, h('p', { class: 'muted' }, 'Nothing captured yet.'));
    else
      replace(
        captured,
        c.answers.map((a) =>
          h(
            'div',
            { class: 'answer', 'data-key': a.key },
            h('h3', {}, `${a.key} (${a.status})`),
            a.summary ? h('p', {}, a.summary) : null,
            h(
              'dl',
              { class: 'fields' },
              a.value !== undefined ? [h('dt', {}, 'value'), h('dd', {}, show(a.value))] : null,
              Object.entries(a.fields).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, show(v))]),
            ),
          ),
        ),
      );
    replace(
      followUps,
      c.follow_ups.map((f) => followUpItem(f)),
    );
    noFollowUps.hidden = c.follow_ups.length > 0;
  };
  /** @param {{ node_id: string, technique: string, reason: string, index: number }} f */
  const followUpItem = (f) =>
    h(
      'li',
      { 'data-node': f.node_id },
      h('strong', {}, `${f.node_id} #${f.index} (${f.technique}): `),
      f.reason,
    );

  // Captured fields come from the run's engine state: fetched again after each progress event.
  let capturing = false;
  let again = false;
  const refreshCaptured = async () => {
    if (capturing) {
      again = true;
      return;
    }
    capturing = true;
    try {
      do {
        again = false;
        renderCaptured(capturedSchema.parse(await get(`${base}/captured`)));
      } while (again);
    } catch {
      // shown again on the next event
    } finally {
      capturing = false;
    }
  };
  void refreshCaptured();

  /** @param {string} status */
  const setStatus = (status) => {
    run = { ...run, status };
    badge.dataset.status = status;
    badge.textContent = status;
    if (DONE.includes(status)) {
      current = null;
      moveTo();
      void refreshCaptured();
      void renderResults(results, base, entries);
    }
  };

  if (DONE.includes(run.status) || !(LIVE.includes(run.status) || WAITING.includes(run.status))) {
    const t = transcriptSchema.parse(await get(`${base}/transcript`));
    for (const e of t.entries) upsertEntry(e);
    setStatus(run.status);
    return;
  }

  followSse({
    url: `${base}/live`,
    key: sessionStorage.getItem('parley.observer.key') ?? '',
    onMessage: (m) => {
      /** @type {any} */
      let ev;
      try {
        ev = JSON.parse(m.data);
      } catch {
        return;
      }
      const data = ev?.data ?? {};
      switch (m.type) {
        case 'transcript':
        case 'transcript_updated': {
          const e = entrySchema.safeParse(data);
          if (e.success) upsertEntry(e.data);
          break;
        }
        case 'transcript_interim':
          interim.dataset.role = String(data.role ?? '');
          interim.textContent = `${who(String(data.role))} (speaking): ${String(data.content ?? '')}`;
          break;
        case 'node_entered':
          current = String(data.node_id);
          if (!path.includes(current) || path.at(-1) !== current) path = [...path, current];
          moveTo();
          break;
        case 'progress': {
          const p = progressSchema.safeParse(data.progress);
          if (p.success) {
            path = p.data.path_taken;
            current = p.data.current_node;
            moveTo();
          }
          void refreshCaptured();
          break;
        }
        case 'follow_up':
          followUps.append(followUpItem(data));
          noFollowUps.hidden = true;
          break;
        case 'status':
          setStatus(String(data.status));
          break;
        default:
          break;
      }
    },
    // Before the participant joins the live stream is refused (RUN_NOT_ACTIVE): keep trying while waiting.
    onError: (e, status) => {
      if (e instanceof Error && e.name === 'AbortError') return false;
      if (status === 400) {
        void get(base).then((r) => {
          const s = runSchema.parse(r).status;
          if (s !== run.status) setStatus(s);
        });
        return !DONE.includes(run.status) && !['cancelled', 'expired'].includes(run.status);
      }
      return status === null || status >= 500;
    },
  });
}
