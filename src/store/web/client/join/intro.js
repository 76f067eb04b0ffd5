// The join page before the interview: title and duration, consent text, microphone check, Start.
import { h, minutes, replace } from '../shared/dom.js';
import { levelMeter } from './level-meter.js';

/** @typedef {import('./api.js').JoinInfo} JoinInfo */

/**
 * @param {HTMLElement} root
 * @param {JoinInfo} i
 * @param {{ checkMic: (onLevel: (level: number) => void) => Promise<void>, start: () => Promise<void> }} actions
 *   checkMic starts the microphone meter (it rejects when the microphone cannot be used); start joins.
 */
export function renderIntro(root, i, { checkMic, start }) {
  root.dataset.view = 'intro';
  const meterUi = levelMeter();
  const micStatus = h(
    'p',
    { id: 'mic-status', role: 'status' },
    'Check that we can hear you before you start.',
  );
  const checkBtn = h('button', { type: 'button', id: 'mic-check', class: 'secondary' }, 'Check microphone');
  checkBtn.addEventListener('click', async () => {
    try {
      await checkMic((level) => {
        meterUi.set(level);
        if (level >= 0.08) micStatus.textContent = 'We can hear you. You are ready to start.';
      });
      micStatus.textContent = 'Say something: the bar moves when we hear you.';
      checkBtn.textContent = 'Microphone on';
      checkBtn.setAttribute('disabled', '');
    } catch {
      micStatus.textContent =
        'We could not use your microphone. Allow microphone access in your browser, then try again.';
    }
  });
  const startBtn = h('button', { type: 'button', id: 'start', class: 'primary' }, 'Start interview');
  startBtn.addEventListener('click', () => void start());
  replace(
    root,
    h('h1', {}, i.title),
    h(
      'p',
      { class: 'lead' },
      `Hello ${i.participant_name}. This is a spoken interview; it takes ${minutes(i.estimated_duration_m)}.`,
    ),
    i.consent_text
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'consent-heading', id: 'consent' },
          h('h2', { id: 'consent-heading' }, 'Your consent'),
          h('p', {}, i.consent_text),
          h(
            'p',
            { class: 'muted' },
            'The interviewer will ask you to confirm out loud before the first question.',
          ),
        )
      : null,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'mic-heading' },
      h('h2', { id: 'mic-heading' }, 'Microphone check'),
      meterUi.el,
      micStatus,
      checkBtn,
    ),
    h('div', { class: 'actions' }, startBtn),
    h('p', { id: 'join-error', role: 'alert', class: 'error' }),
  );
}
