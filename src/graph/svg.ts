import { instance, type Viz } from '@viz-js/viz';
import type { Blueprint } from '../blueprint/schema.js';
import { toDot } from './dot.js';

let vizInstance: Promise<Viz> | undefined;

/** The Graphviz WebAssembly instance, created once per process (a failed start is retried next time). */
export function getViz(): Promise<Viz> {
  vizInstance ??= instance().catch((err: unknown) => {
    vizInstance = undefined;
    throw err;
  });
  return vizInstance;
}

/** The blueprint graph as a standalone SVG document starting with `<svg` (no XML prolog or doctype). */
export async function renderSvg(blueprint: Blueprint): Promise<string> {
  const viz = await getViz();
  const svg = viz.renderString(toDot(blueprint), { format: 'svg' });
  const start = svg.indexOf('<svg');
  return start > 0 ? svg.slice(start) : svg;
}
