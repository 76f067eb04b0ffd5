// A value the store returns, as text for the observer's panels.

/** @param {unknown} v */
export function show(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
