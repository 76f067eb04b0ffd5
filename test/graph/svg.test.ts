import { describe, expect, it } from 'vitest';
import type { Blueprint } from '../../src/blueprint/schema.js';
import { renderSvg, getViz } from '../../src/graph/svg.js';
import { ENTRY_MARKER_ID } from '../../src/graph/labels.js';
import { exampleBlueprints, fixture } from './helpers.js';
import { checkXml, decodeXml } from './xml.js';

/** The `<title>` of every `<g class="...">` group of the given class, in document order. */
function groupTitles(svg: string, cls: 'node' | 'edge'): string[] {
  const re = new RegExp(`<g id="[^"]*" class="${cls}">\\s*<title>([^<]*)</title>`, 'g');
  return [...svg.matchAll(re)].map((m) => decodeXml(m[1]!));
}

async function checkSvg(bp: Blueprint): Promise<string> {
  const svg = await renderSvg(bp);
  expect(svg.startsWith('<svg')).toBe(true);
  const xml = checkXml(svg);
  expect(xml.root).toBe('svg');

  const nodeIds = [ENTRY_MARKER_ID, ...Object.keys(bp.graph.nodes)];
  expect(xml.elements.filter((e) => e.name === 'g' && e.attrs.class === 'node')).toHaveLength(nodeIds.length);
  expect(groupTitles(svg, 'node').sort()).toEqual(nodeIds.sort());

  // Graphviz titles edges `from->to`; one group per blueprint edge plus the entry arrow.
  const edges = [
    `${ENTRY_MARKER_ID}->${bp.graph.entry_node}`,
    ...bp.graph.edges.map((e) => `${e.from}->${e.to}`),
  ];
  expect(xml.elements.filter((e) => e.name === 'g' && e.attrs.class === 'edge')).toHaveLength(edges.length);
  expect(groupTitles(svg, 'edge').sort()).toEqual(edges.sort());
  return svg;
}

/** All text content of `<text>` elements, decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decodeXml(m[1]!));
}

describe('renderSvg', () => {
  it('renders a well-formed SVG with a node group per node and an edge group per edge', async () => {
    const svg = await checkSvg(fixture('screening'));
    expect(svg).not.toMatch(/^<\?xml|<!DOCTYPE/);
    const all = texts(svg);
    expect(all).toContain('role.seniority in [director, vp]');
    expect(all).toContain('p=2');
    expect(all).toContain('role *');
    expect(all).toContain('Senior hiring screen');
  });

  it('shows the node shapes: double circle for end, polygons for choice / rating / consent', async () => {
    const svg = await renderSvg(fixture('screening'));
    const group = (id: string) => {
      const start = svg.indexOf(`<title>${id}</title>`);
      return svg.slice(start, svg.indexOf('</g>', start));
    };
    expect(group('done').match(/<ellipse/g)).toHaveLength(2); // doublecircle
    expect(group('relocate')).toMatch(/<polygon/); // diamond
    expect(group('role')).toMatch(/stroke-width="2.5"/); // required: bold
    expect(group('team_size')).not.toMatch(/stroke-width="2.5"/);
  });

  it('escapes hostile text: still well-formed and the text reads back unchanged', async () => {
    const svg = await checkSvg(fixture('hostile'));
    const all = texts(svg);
    expect(all).toContain('The "hostile" blueprint <script>alert(1)</script> & co');
    expect(all).toContain('a "quoted" | piped <label>');
    expect(all).toContain('q1.answer == "it\'s \\"done\\" & <ok>"');
    expect(all).toContain('}} ]] ))) end — 日本語 🎉');
    expect(all.some((t) => t.startsWith('She said "hi" ]; "x" -> "y"'))).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
  });

  it('renders every example blueprint', async () => {
    for (const [, bp] of exampleBlueprints()) await checkSvg(bp);
  });

  it('reuses one Graphviz instance', async () => {
    expect(await getViz()).toBe(await getViz());
  });
});
