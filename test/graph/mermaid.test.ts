import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/graph/mermaid.js';
import { NODE_TEXT_MAX, truncate } from '../../src/graph/labels.js';
import { HOSTILE_PIECES, blueprint, exampleBlueprints, fixture } from './helpers.js';

const hostileText = fc
  .array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 30 })
  .map((parts) => parts.join(''));

/** `id<open>"label"<close>` node declarations, keyed by Mermaid id. */
function nodeDecls(src: string): Map<string, { open: string; label: string; close: string }> {
  const decls = new Map<string, { open: string; label: string; close: string }>();
  for (const line of src.split('\n')) {
    const m = /^ {2}([A-Za-z0-9_]+)([[{(>/]+)"([^"]*)"([\]})/]+)$/.exec(line);
    if (m) decls.set(m[1]!, { open: m[2]!, label: m[3]!, close: m[4]! });
  }
  return decls;
}

/** `a -->|"label"| b` or `a --> b` edge lines in order. */
function edgeLines(src: string): { from: string; to: string; label: string | undefined }[] {
  return src
    .split('\n')
    .map((line) => /^ {2}([A-Za-z0-9_]+) -->(?:\|"([^"]*)"\|)? ([A-Za-z0-9_]+)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ from: m[1]!, to: m[3]!, label: m[2] }));
}

/** Undo the label escaping: `<br/>` line breaks and `#<code>;` entities. */
function decode(label: string): string[] {
  return label.split('<br/>').map((l) => l.replace(/#(\d+);/g, (_m, n: string) => String.fromCodePoint(+n)));
}

function classMembers(src: string, cls: string): string[] {
  return src
    .split('\n')
    .map((l) => new RegExp(`^ {2}class ([A-Za-z0-9_,]+) ${cls}$`).exec(l))
    .flatMap((m) => (m ? m[1]!.split(',') : []));
}

describe('toMermaid', () => {
  const src = toMermaid(fixture('screening'));
  const nodes = nodeDecls(src);

  it('is a top-down flowchart with one declaration per node plus the start marker', () => {
    expect(src.split('\n')[1]).toBe('flowchart TD');
    expect([...nodes.keys()].sort()).toEqual(
      [
        'entry__start',
        'n_consent',
        'n_done',
        'n_intro',
        'n_relocate',
        'n_role',
        'n_satisfaction',
        'n_team_size',
      ].sort(),
    );
    expect(src.endsWith('\n')).toBe(true);
  });

  it('draws each node type with its own shape', () => {
    const shape = (id: string) => `${nodes.get(id)?.open}${nodes.get(id)?.close}`;
    expect(shape('n_team_size')).toBe('[]'); // question: rectangle
    expect(shape('n_role')).toBe('[[]]'); // choice: subroutine
    expect(shape('n_satisfaction')).toBe('[//]'); // rating: parallelogram
    expect(shape('n_relocate')).toBe('{}'); // yes_no: rhombus
    expect(shape('n_intro')).toBe('>]'); // statement: flag
    expect(shape('n_consent')).toBe('{{}}'); // consent: hexagon
    expect(shape('n_done')).toBe('((()))'); // end: double circle
    expect(shape('entry__start')).toBe('([])'); // entry marker: stadium
  });

  it('marks the entry node with an arrow from the start marker', () => {
    expect(edgeLines(src)[0]).toEqual({ from: 'entry__start', to: 'n_consent', label: undefined });
  });

  it('marks required answer nodes with `*` and the required class, and only those', () => {
    expect(classMembers(src, 'required').sort()).toEqual(['n_relocate', 'n_role', 'n_satisfaction']);
    expect(decode(nodes.get('n_role')!.label)[0]).toBe('role *');
    expect(decode(nodes.get('n_team_size')!.label)[0]).toBe('team_size'); // required: false
    expect(decode(nodes.get('n_consent')!.label)[0]).toBe('consent');
    expect(src).toMatch(/^ {2}classDef required .*stroke-width:3px/m);
  });

  it('assigns every node a type class, never the keyword `end` as a class or id', () => {
    expect(classMembers(src, 'endNode')).toEqual(['n_done']);
    expect(classMembers(src, 'choiceNode')).toEqual(['n_role']);
    expect(src).not.toMatch(/(^|\s)end(\s|$)/m);
  });

  it('labels show the id, the answer key when it differs, truncated text and choice / scale details', () => {
    expect(decode(nodes.get('n_satisfaction')!.label)).toEqual([
      'satisfaction *',
      'key: sat',
      'How satisfied are you with your current role?',
      'scale 1–5',
    ]);
    expect(decode(nodes.get('n_role')!.label)[2]).toBe('one of: ic / manager / director / vp');
    const team = decode(nodes.get('n_team_size')!.label)[1]!;
    expect([...team]).toHaveLength(NODE_TEXT_MAX);
    expect(team.endsWith('…')).toBe(true);
  });

  it('labels edges with the author label, the readable condition and a non-zero priority', () => {
    const edges = edgeLines(src).map((e) => ({
      ...e,
      label: e.label === undefined ? undefined : decode(e.label),
    }));
    expect(edges).toContainEqual({
      from: 'n_role',
      to: 'n_team_size',
      label: ['leaders', 'role.seniority in [director, vp]', 'p=2'],
    });
    expect(edges).toContainEqual({
      from: 'n_satisfaction',
      to: 'n_relocate',
      label: ['all(answered(team_size), not (sat.value < 3))', 'p=1'],
    });
    expect(edges).toContainEqual({
      from: 'n_satisfaction',
      to: 'n_done',
      label: ['any(skipped(satisfaction), not answered(team_size))', 'confirm: uncertain'],
    });
    expect(edges).toContainEqual({
      from: 'n_satisfaction',
      to: 'n_done',
      label: ['p=-1', 'confirm: uncertain'],
    });
    expect(edges).toContainEqual({ from: 'n_role', to: 'n_satisfaction', label: undefined });
    expect(edges).toHaveLength(1 + fixture('screening').graph.edges.length);
  });

  it('escapes hostile text so labels stay inside their quotes and decode back to the original', () => {
    const hostile = toMermaid(fixture('hostile'));
    const decls = nodeDecls(hostile);
    // The hyphenated id gets an index id; `end` gets a prefixed one.
    expect([...decls.keys()].sort()).toEqual(['entry__start', 'n0', 'n_end']);
    const q = decode(decls.get('n0')!.label);
    expect(q[0]).toBe('q-1 *');
    expect(q[2]).toBe(truncate(fixture('hostile').graph.nodes['q-1']!.text!, NODE_TEXT_MAX));
    expect(decode(decls.get('n_end')!.label)).toEqual(['end', '}} ]] ))) end — 日本語 🎉']);
    const [edge] = edgeLines(hostile).slice(1);
    expect(edge).toBeDefined();
    expect(decode(edge!.label!)).toEqual([
      'a "quoted" | piped <label>',
      'q1.answer == "it\'s \\"done\\" & <ok>"',
      'p=3',
    ]);
    // Inside labels nothing HTML-like survives except our own line breaks.
    const labels = [...hostile.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(labels.length).toBeGreaterThanOrEqual(4);
    for (const label of labels) expect(label.replaceAll('<br/>', '')).not.toMatch(/[<>&`|]/);
  });

  it('round-trips arbitrary node text (property)', () => {
    fc.assert(
      fc.property(hostileText, (t) => {
        const bp = blueprint({
          entry_node: 'q',
          nodes: { q: { type: 'question', key: 'q', text: t }, e: { type: 'end', text: t } },
          edges: [{ from: 'q', to: 'e', label: t.slice(0, 200) }],
        });
        const out = toMermaid(bp);
        const decls = nodeDecls(out);
        expect(decode(decls.get('n_q')!.label)).toEqual(['q *', truncate(t, NODE_TEXT_MAX)].filter(Boolean));
        const edge = edgeLines(out).find((e) => e.from === 'n_q');
        expect(edge?.to).toBe('n_e');
        const label = truncate(t.slice(0, 200), 160);
        expect(edge?.label === undefined ? [] : decode(edge.label)).toEqual(label === '' ? [] : [label]);
      }),
      { numRuns: 200 },
    );
  });

  it('renders the example blueprints with one declaration per node and one line per edge', () => {
    for (const [, bp] of exampleBlueprints()) {
      const out = toMermaid(bp);
      expect(nodeDecls(out).size).toBe(Object.keys(bp.graph.nodes).length + 1);
      expect(edgeLines(out)).toHaveLength(bp.graph.edges.length + 1);
    }
  });
});

describe('confirmation on edges', () => {
  it('shows the confirmation in effect on decisive edges only, including an explicit never and always', () => {
    const base = fixture('screening');
    const edges = base.graph.edges.map((e) =>
      e.from === 'satisfaction' && e.to === 'done' && e.priority === -1
        ? { ...e, confirm: 'never' as const }
        : e,
    );
    const withAlways = edges.map((e) =>
      e.from === 'satisfaction' && e.to === 'done' && e.priority !== -1
        ? { ...e, confirm: 'always' as const }
        : e,
    );
    const src = toMermaid({ ...base, graph: { ...base.graph, edges: withAlways } });
    const lines = edgeLines(src).map((e) => ({
      ...e,
      label: e.label === undefined ? undefined : decode(e.label),
    }));
    const done = lines
      .filter((e) => e.from === 'n_satisfaction' && e.to === 'n_done')
      .map((e) => e.label?.at(-1));
    expect(done.sort()).toEqual(['confirm: always', 'confirm: never']);
    // the single route out of a node is never decisive: no confirm line
    expect(lines.find((e) => e.from === 'n_relocate')?.label).toBeUndefined();
  });
});
