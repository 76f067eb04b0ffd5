// The observer pages: a login with an `interviews:read` API key (kept in session storage), then `/runs`
// or `/runs/<id>`.
import { byId, h, replace } from '../shared/dom.js';
import { ApiError, clearKey, get, getKey, setKey } from './api.js';
import { renderList } from './list.js';
import { renderRun } from './run.js';

const root = byId('observer');

/** @param {string} [error] */
function renderLogin(error) {
  const input = h('input', {
    id: 'api-key',
    name: 'api-key',
    type: 'password',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
    'aria-describedby': 'key-help',
  });
  const form = h(
    'form',
    { id: 'login', class: 'card' },
    h('h1', {}, 'Sign in to watch interviews'),
    h('label', { for: 'api-key' }, 'API key'),
    h(
      'p',
      { id: 'key-help', class: 'muted' },
      'A key with the interviews:read scope (pk_live_… or pk_test_…). It stays in this tab only.',
    ),
    input,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
    h('p', { role: 'alert', class: 'error', id: 'login-error' }, error ?? ''),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    setKey(input.value.trim());
    void route();
  });
  replace(root, form);
  input.focus();
}

function signOutBar() {
  const btn = h('button', { type: 'button', id: 'sign-out' }, 'Sign out');
  btn.addEventListener('click', () => {
    clearKey();
    renderLogin();
  });
  return h('nav', { class: 'toolbar', 'aria-label': 'Observer' }, h('a', { href: '/runs' }, 'All runs'), btn);
}

async function route() {
  if (!getKey()) return renderLogin();
  try {
    // check the key once (and its scope) before rendering
    await get('/v1/interview-runs?limit=1');
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      clearKey();
      return renderLogin(e.message);
    }
    throw e;
  }
  const nav = signOutBar();
  const main = h('div', { id: 'view' });
  replace(root, nav, main);
  const m = /^\/runs\/([^/]+)\/?$/.exec(location.pathname);
  if (m) await renderRun(main, decodeURIComponent(m[1] ?? ''));
  else await renderList(main);
}

route().catch((e) => {
  replace(
    root,
    h('h1', {}, 'Something went wrong'),
    h('p', { role: 'alert' }, e instanceof Error ? e.message : String(e)),
  );
});
