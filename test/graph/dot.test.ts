import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Viz } from '@viz-js/viz';
import { dotLabel, escapeDot, toDot } from '../../src/graph/dot.js';
import { NODE_TEXT_MAX, truncate } from '../../src/graph/labels.js';
import { getViz } from '../../src/graph/svg.js';
import { HOSTILE_PIECES, blueprint, exampleBlueprints, fixture } from './helpers.js';

/** A DOT double-quoted string token: `"` then (escaped char | anything but `"` and `\`) then `"`. */
const DOT_STRING = String.raw`"((?:[^"\\]|\\.)*)"`;

/** Node statements `"id" [attrs];` keyed by id, with their attribute text. */
function nodeStatements(dot: string): Map<string, string> {
  const re = new RegExp(String.raw`^ {2}${DOT_STRING} \[(.*)\];$`);
  const map = new Map<string, string>();
  for (const line of dot.split('\n')) {
    const m = re.exec(line);
    if (m) map.set(unescape(m[1]!), m[2]!);
  }
  return map;
}

function edgeStatements(dot: string): { from: string; to: string; attrs: string }[] {
  const re = new RegExp(String.raw`^ {2}${DOT_STRING} -> ${DOT_STRING}(?: \[(.*)\])?;$`);
  return dot
    .split('\n')
    .map((l) => re.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ from: unescape(m[1]!), to: unescape(m[2]!), attrs: m[3] ?? '' }));
}

/** The label attribute's lines, DOT escapes undone (`\n` is our line break, `\\` a backslash). */
function labelLines(attrs: string): string[] | undefined {
  const m = new RegExp(`(?:^|, )label=${DOT_STRING}`).exec(attrs);
  if (!m) return undefined;
  return m[1]!.split(/(?<!\\)(?:\\\\)*\\n/).length > 0 ? splitLines(m[1]!) : [];
}

function splitLines(raw: string): string[] {
  const lines: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\') {
      const next = raw[++i]!;
      if (next === 'n') {
        lines.push(cur);
        cur = '';
      } else cur += next;
    } else cur += ch;
  }
  lines.push(cur);
  return lines;
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}

describe('toDot', () => {
  const dot = toDot(fixture('screening'));
  const nodes = nodeStatements(dot);

  it('is a digraph named after the blueprint with one statement per node plus the entry marker', () => {
    expect(dot.startsWith('digraph "screening" {\n')).toBe(true);
    expect(dot.endsWith('}\n')).toBe(true);
    expect([...nodes.keys()].sort()).toEqual(
      ['__start', 'consent', 'done', 'intro', 'relocate', 'role', 'satisfaction', 'team_size'].sort(),
    );
  });

  it('gives each node type its own shape', () => {
    const shape = (id: string) => /(?:^|, )shape=(\w+)/.exec(nodes.get(id) ?? '')?.[1];
    expect(shape('team_size')).toBe('box');
    expect(nodes.get('team_size')).toContain('style="rounded,filled"');
    expect(shape('role')).toBe('box3d');
    expect(shape('satisfaction')).toBe('parallelogram');
    expect(shape('relocate')).toBe('diamond');
    expect(shape('intro')).toBe('note');
    expect(shape('consent')).toBe('hexagon');
    expect(shape('done')).toBe('doublecircle');
    expect(shape('__start')).toBe('point');
  });

  it('marks the entry node with an edge from the start point', () => {
    expect(edgeStatements(dot)[0]).toEqual({ from: '__start', to: 'consent', attrs: '' });
  });

  it('draws required answer nodes with a bold border and `*`, and only those', () => {
    const bold = [...nodes].filter(([, attrs]) => attrs.includes('penwidth=2.5')).map(([id]) => id);
    expect(bold.sort()).toEqual(['relocate', 'role', 'satisfaction']);
    expect(labelLines(nodes.get('role')!)?.[0]).toBe('role *');
    expect(labelLines(nodes.get('team_size')!)?.[0]).toBe('team_size');
  });

  it('labels edges with the author label, readable condition and non-zero priority', () => {
    const edges = edgeStatements(dot).map((e) => ({ from: e.from, to: e.to, label: labelLines(e.attrs) }));
    expect(edges).toEqual([
      { from: '__start', to: 'consent', label: undefined },
      { from: 'consent', to: 'intro', label: undefined },
      { from: 'intro', to: 'role', label: undefined },
      { from: 'role', to: 'team_size', label: ['leaders', 'role.seniority in [director, vp]', 'p=2'] },
      { from: 'role', to: 'satisfaction', label: undefined },
      { from: 'team_size', to: 'satisfaction', label: undefined },
      {
        from: 'satisfaction',
        to: 'relocate',
        label: ['all(answered(team_size), not (sat.value < 3))', 'p=1'],
      },
      // edges into an end node beside another route are decisive: confirmed when the answer is uncertain
      {
        from: 'satisfaction',
        to: 'done',
        label: ['any(skipped(satisfaction), not answered(team_size))', 'confirm: uncertain'],
      },
      { from: 'satisfaction', to: 'done', label: ['p=-1', 'confirm: uncertain'] },
      { from: 'relocate', to: 'done', label: undefined },
    ]);
  });

  it('escapes quotes and backslashes so hostile text stays one string and reads back unchanged', () => {
    expect(escapeDot('say "hi" \\n')).toBe('say \\"hi\\" \\\\n');
    expect(escapeDot('a\nb\r\nc')).toBe('a b c');
    expect(dotLabel(['x"', 'y\\'])).toBe('"x\\"\\ny\\\\"');
    const hostileDot = toDot(fixture('hostile'));
    const hostileNodes = nodeStatements(hostileDot);
    expect([...hostileNodes.keys()].sort()).toEqual(['__start', 'end', 'q-1']);
    const text = fixture('hostile').graph.nodes['q-1']!.text!;
    expect(labelLines(hostileNodes.get('q-1')!)).toEqual(['q-1 *', 'key: q1', truncate(text, NODE_TEXT_MAX)]);
    const [, edge] = edgeStatements(hostileDot);
    expect(labelLines(edge!.attrs)).toEqual([
      'a "quoted" | piped <label>',
      'q1.answer == "it\'s \\"done\\" & <ok>"',
      'p=3',
    ]);
    // The blueprint name with quotes and markup is the graph label.
    expect(hostileDot).toContain('label="The \\"hostile\\" blueprint <script>alert(1)</script> & co"');
  });
});

describe('toDot through Graphviz', () => {
  let viz: Viz;
  beforeAll(async () => {
    viz = await getViz();
  });

  it('produces DOT that Graphviz accepts without errors or syntax warnings', () => {
    for (const bp of [fixture('screening'), fixture('hostile'), ...exampleBlueprints().map(([, b]) => b)]) {
      const result = viz.render(toDot(bp), { format: 'dot_json' });
      // viz.js has no font files: non-ASCII glyph widths are estimated, with a warning. Nothing else.
      const problems = result.errors.filter(
        (e) => !/no value for width of non-ASCII character/.test(e.message),
      );
      expect(problems).toEqual([]);
      expect(result.status).toBe('success');
    }
  });

  it('keeps arbitrary hostile text intact through the Graphviz parser (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 30 }).map((p) => p.join('')),
        (t) => {
          const bp = blueprint({
            entry_node: 'q',
            nodes: { q: { type: 'question', key: 'q', text: t }, e: { type: 'end' } },
            edges: [{ from: 'q', to: 'e', label: t.slice(0, 200) }],
          });
          const result = viz.render(toDot(bp), { format: 'json' });
          expect(result.status).toBe('success');
          const json = JSON.parse(result.status === 'success' ? result.output : '{}') as {
            objects: { name: string; label: string }[];
            edges: { label?: string }[];
          };
          // Graphviz keeps label escapes in its json output: `\n` is our line break, `\\` a backslash.
          const q = json.objects.find((o) => o.name === 'q');
          expect(q && splitLines(q.label)).toEqual(
            ['q *', truncate(t, NODE_TEXT_MAX)].filter((l) => l !== ''),
          );
          expect(json.objects.map((o) => o.name).sort()).toEqual(['__start', 'e', 'q']);
          expect(json.edges).toHaveLength(2);
        },
      ),
      { numRuns: 150 },
    );
  });
});
