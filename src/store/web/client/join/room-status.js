// What the room view shows about the interview: the agent's state, progress, the connection, and the
// button that turns on sound when the browser blocked audio playback. Each finds its element by id.
import { h } from '../shared/dom.js';

/** @typedef {import('./api.js').JoinProgress} JoinProgress */

const AGENT_STATES = /** @type {const} */ ({
  initializing: 'The interviewer is getting ready…',
  listening: 'Listening: your turn to speak',
  thinking: 'The interviewer is thinking…',
  speaking: 'The interviewer is speaking',
  idle: 'Waiting for the interviewer…',
});

/** @param {JoinProgress} p */
export function setProgress(p) {
  const bar = document.getElementById('progress');
  const text = document.getElementById('progress-text');
  if (!(bar instanceof HTMLProgressElement) || !text) return;
  bar.max = Math.max(1, p.questions_total);
  bar.value = p.questions_answered;
  text.textContent = `${p.questions_answered} of ${p.questions_total}`;
  text.dataset.answered = String(p.questions_answered);
}

/** @param {string | undefined} state */
export function setAgentState(state) {
  const el = document.getElementById('agent-state');
  if (!el) return;
  const key = state && state in AGENT_STATES ? /** @type {keyof typeof AGENT_STATES} */ (state) : 'idle';
  el.dataset.state = key;
  el.textContent = AGENT_STATES[key];
}

/** @param {string} text */
export function setConnection(text) {
  const el = document.getElementById('connection');
  if (el) el.textContent = text;
}

/** Browsers may block audio that did not start from a click (after a reload): offer a button. */
/** @param {import('livekit-client').Room} r */
export function showAudioUnlock(r) {
  const existing = document.getElementById('enable-audio');
  if (r.canPlaybackAudio) {
    existing?.remove();
    return;
  }
  if (existing) return;
  const btn = h('button', { type: 'button', id: 'enable-audio', class: 'primary' }, 'Turn on sound');
  btn.addEventListener('click', () => void r.startAudio().then(() => btn.remove()));
  document.querySelector('.actions')?.prepend(btn);
  btn.focus();
}
