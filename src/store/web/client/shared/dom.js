// Small DOM helpers for the web pages. Text is always set as text (never parsed as HTML).

/**
 * @typedef {string | number | boolean | null | undefined | ((ev: any) => void)} AttrValue
 * @typedef {Node | string | null | undefined | false} Child
 */

/**
 * Creates an element: `h('button', { type: 'button', onclick: fn }, 'Start')`.
 * Attributes starting with `on` become listeners; `false`/`null`/`undefined` attributes are left out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, AttrValue>} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {(Child | Child[])[]} children
 */
export function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/**
 * Replaces the children of `el`.
 * @param {Element} el
 * @param {...(Child | Child[])} children
 */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * The element with this id (throws when the page lacks it).
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

/** @param {number} s */
export function minutes(s) {
  const m = Math.round(s);
  return m <= 1 ? 'about a minute' : `about ${m} minutes`;
}
