import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueprintJsonSchemaText } from '../../src/blueprint/json-schema.js';
import { toDot } from '../../src/graph/dot.js';
import { toMermaid } from '../../src/graph/mermaid.js';
import { fixture, repoRoot } from '../graph/helpers.js';

/**
 * `parley graph` and `parley schema` as subprocesses of the built CLI (`dist/src/cli/main.js`). `npm test`
 * builds first; when run alone, the CLI is rebuilt here if any source file is newer than the build.
 */
const root = repoRoot;
const cli = join(root, 'dist/src/cli/main.js');
const fixtures = join(root, 'test/fixtures/graph');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  let built = 0;
  try {
    built = statSync(cli).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > newestMtime(join(root, 'src'))) return;
  try {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', root], { stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the tests below fail if the CLI is missing.
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: root, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let tmp: string;
beforeAll(() => {
  buildIfStale();
  tmp = mkdtempSync(join(tmpdir(), 'parley-graph-'));
}, 180_000);
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Each case spawns node; generous under a loaded CI machine. */
const slow = { timeout: 30_000 };

describe('parley graph', slow, () => {
  const screening = join(fixtures, 'screening.yaml');

  it('prints Mermaid to stdout by default', async () => {
    const r = await run(['graph', screening]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(toMermaid(fixture('screening')));
  });

  it('writes DOT to --out, creating the directory, and leaves stdout empty', async () => {
    const out = join(tmp, 'nested/dir/screening.dot');
    const r = await run(['graph', screening, '--format', 'dot', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(out);
    expect(readFileSync(out, 'utf8')).toBe(toDot(fixture('screening')));
  });

  it('writes SVG to --out with the short -f/-o flags', async () => {
    const out = join(tmp, 'screening.svg');
    const r = await run(['graph', screening, '-f', 'svg', '-o', out]);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g id="[^"]*" class="node">/g)).toHaveLength(8); // 7 nodes + entry marker
    expect(svg.match(/<g id="[^"]*" class="edge">/g)).toHaveLength(10); // 9 edges + entry arrow
  });

  it('prints each error as `file:line:col  CODE  message` and exits 1 for an invalid blueprint', async () => {
    const file = 'test/fixtures/graph/invalid.yaml';
    const r = await run(['graph', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line).toMatch(/^test\/fixtures\/graph\/invalid\.yaml:\d+:\d+ {2}[A-Z_]+ {2}\S/);
    // The edge to the missing node is at line 13 (`to: nowhere`).
    expect(lines).toContainEqual(
      expect.stringMatching(/^test\/fixtures\/graph\/invalid\.yaml:13:\d+ {2}EDGE_UNKNOWN_NODE {2}/),
    );
  });

  it('does not write --out when the blueprint is invalid', async () => {
    const out = join(tmp, 'never.mmd');
    const r = await run(['graph', join(fixtures, 'invalid.yaml'), '--out', out]);
    expect(r.code).toBe(1);
    expect(() => statSync(out)).toThrow();
  });

  it('reports a missing file and exits 1', async () => {
    const r = await run(['graph', 'test/fixtures/graph/does-not-exist.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^test\/fixtures\/graph\/does-not-exist\.yaml:1:1 {2}FILE_NOT_FOUND {2}/);
  });

  it('rejects an unknown format with the allowed choices and exit code 2', async () => {
    const r = await run(['graph', screening, '--format', 'png']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("argument 'png' is invalid");
    expect(r.stderr).toContain('mermaid, dot, svg');
  });

  it('exits 2 when the file argument is missing', async () => {
    const r = await run(['graph']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'file'");
  });
});

describe('parley schema', slow, () => {
  it('prints the generated JSON Schema to stdout', async () => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(blueprintJsonSchemaText());
  });

  it('writes it to --out', async () => {
    const out = join(tmp, 'schema/blueprint.schema.json');
    const r = await run(['schema', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(blueprintJsonSchemaText());
  });
});
