import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Summarises V8 `.cpuprofile` files (from `node --cpu-prof`): self time per function, and inclusive time
 * per source file / package (a sample counts once for every file or package on its stack), so the
 * dominant cost is visible without a flame-graph viewer.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function where(url: string): string {
  if (!url) return '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url;
  const src = /\/dist\/(src\/.*)$/.exec(url) ?? /\/(src\/.*)$/.exec(url);
  if (src) return src[1]!;
  return url.replace(/^file:\/\//, '');
}

export interface ProfileSummary {
  file: string;
  total_ms: number;
  idle_pct: number;
  gc_pct: number;
  /** Top functions by self time (% of non-idle time). */
  self: { fn: string; pct: number }[];
  /** Top files / packages by inclusive time (% of non-idle time). */
  inclusive: { where: string; pct: number }[];
}

export function summarizeProfile(file: string, top = 20): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampleMs = new Map<number, number>();
  p.samples.forEach((id, i) => sampleMs.set(id, (sampleMs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));

  const total = [...sampleMs.values()].reduce((a, b) => a + b, 0);
  let idle = 0;
  let gc = 0;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const stackPlaces = new Map<number, Set<string>>();
  const placesOf = (id: number): Set<string> => {
    const cached = stackPlaces.get(id);
    if (cached) return cached;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const set = new Set(up === undefined ? [] : placesOf(up));
    if (node.callFrame.url) set.add(where(node.callFrame.url));
    stackPlaces.set(id, set);
    return set;
  };
  for (const [id, ms] of sampleMs) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idle += ms;
      continue;
    }
    if (name === '(garbage collector)') gc += ms;
    const key = `${name || '(anonymous)'} ${where(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    for (const place of placesOf(id)) incl.set(place, (incl.get(place) ?? 0) + ms);
  }
  const busy = total - idle || 1;
  const pct = (ms: number) => Math.round((ms / busy) * 1000) / 10;
  return {
    file,
    total_ms: Math.round(total),
    idle_pct: Math.round((idle / (total || 1)) * 1000) / 10,
    gc_pct: pct(gc),
    self: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, pct: pct(ms) })),
    inclusive: [...incl.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([w, ms]) => ({ where: w, pct: pct(ms) })),
  };
}

/** Every `.cpuprofile` in `dir` (one per store process). */
export function summarizeProfiles(dir: string): ProfileSummary[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summarizeProfile(join(dir, f)));
}

export function formatProfile(s: ProfileSummary): string {
  const lines = [
    `${s.file}: ${s.total_ms} ms sampled, idle ${s.idle_pct}%, GC ${s.gc_pct}% of busy`,
    '  self time (% of busy):',
    ...s.self.map((x) => `    ${String(x.pct).padStart(5)}%  ${x.fn}`),
    '  inclusive by file / package (% of busy):',
    ...s.inclusive.map((x) => `    ${String(x.pct).padStart(5)}%  ${x.where}`),
  ];
  return lines.join('\n');
}

// `node dist/test/bench/profile.js FILE|DIR…` prints summaries.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const arg of process.argv.slice(2)) {
    const list = arg.endsWith('.cpuprofile') ? [summarizeProfile(arg, 30)] : summarizeProfiles(arg);
    for (const s of list) console.log(formatProfile(s));
  }
}
