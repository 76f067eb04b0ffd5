import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/**
 * Maps a problem's path (`['graph', 'nodes', 'q1', 'text']`) to a line and column in the YAML source.
 *
 * Rule: a path segment that names a mapping entry points at that entry's KEY (where an author looks for
 * `text:`), a sequence index points at the item. When the path goes further than the document (a
 * missing property, a default the author never wrote), the deepest segment that exists wins: a missing
 * `graph.nodes.q1.key` is reported at `q1:`.
 */
export interface SourcePosition {
  line: number;
  col: number;
}

export const START_OF_FILE: SourcePosition = { line: 1, col: 1 };

export function positionOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
): SourcePosition {
  const at = (offset: number | undefined): SourcePosition =>
    offset === undefined ? START_OF_FILE : lineCounter.linePos(offset);

  let current: unknown = doc.contents;
  let position = isNodeWithRange(current) ? at(current.range[0]) : START_OF_FILE;
  for (const segment of path) {
    current = resolveAlias(doc, current);
    if (isMap(current)) {
      const pair = current.items.find((p) => keyText(p.key) === String(segment));
      if (pair === undefined) break;
      position = isNodeWithRange(pair.key) ? at(pair.key.range[0]) : position;
      current = pair.value;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment];
      if (item === undefined) break;
      position = isNodeWithRange(item) ? at(item.range[0]) : position;
      current = item;
    } else {
      break;
    }
  }
  return position;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

function resolveAlias(doc: Document, value: unknown): unknown {
  return isAlias(value) ? value.resolve(doc) : value;
}

function isNodeWithRange(value: unknown): value is Node & { range: [number, number, number] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'range' in value &&
    Array.isArray((value as { range?: unknown }).range)
  );
}
