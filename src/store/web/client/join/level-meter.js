// The microphone level bar shown on the intro and in the room (an ARIA meter).
import { h } from '../shared/dom.js';

/** The meter element and a function that sets its level (0..1). */
export function levelMeter() {
  const bar = h('span', { class: 'meter-bar' });
  const el = h(
    'div',
    {
      class: 'meter',
      id: 'mic-meter',
      role: 'meter',
      'aria-label': 'Microphone level',
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': 0,
    },
    bar,
  );
  let shown = 0;
  /** @param {number} level */
  const set = (level) => {
    const pct = Math.round(level * 100);
    bar.style.width = `${pct}%`;
    // aria updates at most in 10-point steps (screen readers announce changes)
    if (Math.abs(pct - shown) >= 10) {
      shown = pct;
      el.setAttribute('aria-valuenow', String(pct));
    }
    if (pct >= 8) el.dataset.heard = 'true';
  };
  return { el, set };
}
