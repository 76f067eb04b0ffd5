import type { ByteRange } from './types.js';

/**
 * One HTTP byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) against an object of `size` bytes:
 * `null` for no (or a multi-range / non-bytes) header, which is answered with the whole object, and
 * `'unsatisfiable'` for a range that lies outside it.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
