// `/runs`: the interview runs with a status filter and "Load more" (cursor pagination).
import { h, replace } from '../shared/dom.js';
import { get, runListSchema } from './api.js';

const STATUSES = [
  'awaiting_participant',
  'invited',
  'awaiting_consent',
  'active',
  'processing',
  'completed',
  'scheduled',
  'abandoned',
  'failed',
  'expired',
  'cancelled',
];

/** @param {HTMLElement} root */
export async function renderList(root) {
  const params = new URLSearchParams(location.search);
  const status = params.get('status') ?? '';
  const select = h(
    'select',
    { id: 'status-filter', name: 'status' },
    h('option', { value: '' }, 'All statuses'),
    STATUSES.map((s) => h('option', { value: s, selected: s === status }, s.replace(/_/g, ' '))),
  );
  const form = h(
    'form',
    { class: 'toolbar', method: 'get', action: '/runs', role: 'search' },
    h('label', { for: 'status-filter' }, 'Status'),
    select,
    h('button', { type: 'submit' }, 'Filter'),
  );
  select.addEventListener('change', () => form.requestSubmit());
  const body = h('tbody');
  const more = h('button', { type: 'button', id: 'more', hidden: true }, 'Load more');
  const note = h('p', { role: 'status', class: 'muted' }, 'Loading…');
  replace(
    root,
    h('h1', {}, 'Interview runs'),
    form,
    note,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'runs' },
        h('caption', { class: 'visually-hidden' }, 'Interview runs'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Participant', 'Interview', 'Status', 'Created'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        body,
      ),
    ),
    more,
  );
  /** @type {string | null} */
  let cursor = null;
  const load = async () => {
    const q = new URLSearchParams({ limit: '25', expand: 'blueprint' });
    if (status) q.set('status', status);
    if (cursor) q.set('starting_after', cursor);
    const page = runListSchema.parse(await get(`/v1/interview-runs?${q}`));
    for (const r of page.data) {
      body.append(
        h(
          'tr',
          { 'data-run': r.id },
          h('td', {}, h('a', { href: `/runs/${encodeURIComponent(r.id)}` }, r.participant.name)),
          h('td', {}, r.blueprint?.definition.name ?? r.blueprint_id),
          h('td', {}, h('span', { class: 'badge', 'data-status': r.status }, r.status.replace(/_/g, ' '))),
          h('td', {}, new Date(r.created_at).toLocaleString()),
        ),
      );
    }
    cursor = page.data.at(-1)?.id ?? null;
    more.hidden = !page.has_more;
    note.textContent =
      body.children.length === 0 ? 'No interview runs match.' : `${body.children.length} shown`;
  };
  more.addEventListener('click', () => void load());
  await load();
}
