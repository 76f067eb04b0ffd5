import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadBlueprintFile,
  loadBlueprintOrThrow,
  MAX_BLUEPRINT_BYTES,
  parseBlueprintSource,
  type Problem,
} from '../../src/blueprint/load.js';
import { isParleyError } from '../../src/errors/parley-error.js';

// `tsc -p .` also compiles this file to dist/test/…; the fixtures stay in test/.
const fixtures = fileURLToPath(new URL('../fixtures/blueprints/', import.meta.url)).replace(
  /([\\/])dist[\\/]test[\\/]/,
  '$1test$1',
);
let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'parley-load-'));
});

const codesAt = (problems: Problem[]): string[] => problems.map((p) => `${p.line}:${p.col} ${p.code}`);

const minimal = `id: t
name: T
graph:
  entry_node: q
  nodes:
    q:
      type: question
      key: q
      text: Hello?
    done:
      type: end
  edges:
    - from: q
      to: done
`;

describe('parseBlueprintSource', () => {
  it('accepts a minimal blueprint and applies defaults', () => {
    const { blueprint, problems } = parseBlueprintSource(minimal, 'm.yaml');
    expect(problems).toEqual([]);
    expect(blueprint?.settings.max_duration_m).toBe(30);
    expect(blueprint?.graph.nodes.q).toMatchObject({ required: true, max_visits: 1 });
  });

  it.each([
    ['an empty string', ''],
    ['only whitespace', '  \n\n'],
    ['only comments', '# one\n# two\n'],
    ['a bare document marker', '# c\n---\n'],
  ])('reports EMPTY_FILE for %s', (_what, source) => {
    const { blueprint, problems } = parseBlueprintSource(source, 'e.yaml');
    expect(blueprint).toBeNull();
    expect(codesAt(problems)).toEqual(['1:1 EMPTY_FILE']);
  });

  it.each([
    ['a scalar', 'hello\n'],
    ['a list', '- a\n- b\n'],
    ['an explicit null', '# comment\nnull\n'],
  ])('reports a root that is %s as SCHEMA at 1:1', (_what, source) => {
    expect(codesAt(parseBlueprintSource(source, 'r.yaml').problems)).toEqual(['1:1 SCHEMA']);
  });

  it('puts a missing required property at the closest existing key', () => {
    const source = minimal.replace('      text: Hello?\n', '');
    const { problems } = parseBlueprintSource(source, 'x.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'SCHEMA',
      line: 6,
      col: 5,
      path: ['graph', 'nodes', 'q', 'text'],
    });
    expect(problems[0]?.message).toContain('missing required property');
  });

  it('reports every unknown property separately, at the property', () => {
    const source = minimal.replace('name: T\n', 'name: T\ncolour: red\nsize: 3\n');
    expect(codesAt(parseBlueprintSource(source, 'x.yaml').problems)).toEqual(['3:1 SCHEMA', '4:1 SCHEMA']);
  });

  it('skips graph checks while the shape is wrong', () => {
    const source = minimal.replace('entry_node: q', 'entry_node: nowhere').replace('name: T', 'name: 42');
    const codes = parseBlueprintSource(source, 'x.yaml').problems.map((p) => p.code);
    expect(codes).toEqual(['SCHEMA']);
  });

  it('sorts problems by position', () => {
    const source = minimal.replace('entry_node: q', 'entry_node: nowhere').replace('to: done', 'to: gone');
    const lines = parseBlueprintSource(source, 'x.yaml').problems.map((p) => p.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines[0]).toBe(4);
  });

  it('reports a YAML syntax error at its position and stops there', () => {
    const { blueprint, problems } = parseBlueprintSource('id: t\nname: [unclosed\ngraph: {}\n', 'x.yaml');
    expect(blueprint).toBeNull();
    expect(problems.every((p) => p.code === 'YAML_SYNTAX')).toBe(true);
    expect(problems[0]?.line).toBe(3);
    expect(problems[0]?.message).not.toContain('\n');
  });

  it('reports a YAML warning (unknown tag) without rejecting the blueprint', () => {
    const { blueprint, problems } = parseBlueprintSource(
      minimal.replace('name: T', 'name: !custom T'),
      'x.yaml',
    );
    expect(codesAt(problems)).toEqual(['2:7 YAML_WARNING']);
    expect(problems[0]?.severity).toBe('warning');
    expect(blueprint?.name).toBe('T');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      rows.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const { problems } = parseBlueprintSource(`${rows.join('\n')}\n`, 'bomb.yaml');
    expect(problems.map((p) => p.code)).toEqual(['YAML_ALIAS']);
  });

  // how fast: `npm run bench -- files`
  it('reports absurd flow nesting as TOO_DEEP', () => {
    const deep = `${'['.repeat(400_000)}1${']'.repeat(400_000)}`;
    expect(parseBlueprintSource(`a: ${deep}\n`, 'deep.yaml').problems.map((p) => p.code)).toEqual([
      'TOO_DEEP',
    ]);
  });

  const nestedNot = (levels: number): string => {
    let condition = '{type: answered, node: q}';
    for (let i = 0; i < levels; i++) condition = `{type: not, condition: ${condition}}`;
    return minimal.replace('      to: done\n', `      to: done\n      condition: ${condition}\n`);
  };

  it('accepts conditions nested a plausible number of levels', () => {
    const { blueprint, problems } = parseBlueprintSource(nestedNot(50), 'ok.yaml');
    expect(blueprint).not.toBeNull();
    expect(problems.map((p) => p.code)).toEqual(['NO_DEFAULT_EDGE']);
  });

  it('reports conditions nested absurdly deep as TOO_DEEP', () => {
    expect(parseBlueprintSource(nestedNot(3000), 'deep.yaml').problems.map((p) => p.code)).toEqual([
      'TOO_DEEP',
    ]);
  });

  it('survives deep block-style nesting without a stack trace', () => {
    const lines = ['id: t', 'name: T', 'metadata:'];
    for (let i = 1; i < 700; i++) lines.push(`${'  '.repeat(i)}k${i}:`);
    lines.push(`${'  '.repeat(700)}leaf: 1`);
    const result = parseBlueprintSource(`${lines.join('\n')}\n`, 'block.yaml');
    expect(result.blueprint).toBeNull();
    expect(result.problems.length).toBeGreaterThan(0);
  });

  it('refuses a source larger than the limit before parsing it', () => {
    const { problems } = parseBlueprintSource(`# ${'x'.repeat(MAX_BLUEPRINT_BYTES)}\n`, 'big.yaml');
    expect(codesAt(problems)).toEqual(['1:1 FILE_TOO_LARGE']);
  });

  it('points into JSON sources too', () => {
    const json = JSON.stringify(
      {
        id: 't',
        name: 'T',
        graph: { entry_node: 'q', nodes: { q: { type: 'end' } }, edges: [{ from: 'q', to: 'z' }] },
      },
      null,
      2,
    );
    const { problems } = parseBlueprintSource(json, 'x.json');
    expect(problems.map((p) => [p.code, p.line])).toEqual([['EDGE_UNKNOWN_NODE', 14]]);
  });
});

describe('loadBlueprintFile', () => {
  it('reports a missing file as FILE_NOT_FOUND', async () => {
    const file = join(tmp, 'nope.yaml');
    const { blueprint, problems } = await loadBlueprintFile(file);
    expect(blueprint).toBeNull();
    expect(problems).toEqual([
      expect.objectContaining({ file, line: 1, col: 1, code: 'FILE_NOT_FOUND', severity: 'error' }),
    ]);
  });

  it('reports a huge file as FILE_TOO_LARGE', async () => {
    const file = join(tmp, 'huge.yaml');
    const node = (i: number): string =>
      `    q${i}:\n      type: statement\n      text: ${'padding '.repeat(20)}\n`;
    const parts = ['id: huge\nname: Huge\ngraph:\n  entry_node: q0\n  nodes:\n'];
    let size = 0;
    for (let i = 0; size <= MAX_BLUEPRINT_BYTES; i++) {
      parts.push(node(i));
      size += node(i).length;
    }
    writeFileSync(file, parts.join(''));
    const { blueprint, problems } = await loadBlueprintFile(file);
    expect(blueprint).toBeNull();
    expect(problems.map((p) => p.code)).toEqual(['FILE_TOO_LARGE']);
  });

  it('reads a file just under the limit', async () => {
    const file = join(tmp, 'padded.yaml');
    writeFileSync(file, `${minimal}# ${'x'.repeat(MAX_BLUEPRINT_BYTES - minimal.length - 10)}\n`);
    expect((await loadBlueprintFile(file)).problems).toEqual([]);
  });

  it('reports a directory as FILE_UNREADABLE', async () => {
    const sub = join(tmp, 'a-directory.yaml');
    mkdirSync(sub, { recursive: true });
    expect((await loadBlueprintFile(sub)).problems.map((p) => p.code)).toEqual(['FILE_UNREADABLE']);
  });

  it('reports bytes that are not UTF-8 as INVALID_ENCODING', async () => {
    const file = join(tmp, 'latin1.yaml');
    writeFileSync(file, Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xe9, 0xff, 0x0a]));
    expect((await loadBlueprintFile(file)).problems.map((p) => p.code)).toEqual(['INVALID_ENCODING']);
  });

  it('names the file in every problem', async () => {
    const file = `${fixtures}invalid/dead-end.yaml`;
    const { problems } = await loadBlueprintFile(file);
    expect(problems.every((p) => p.file === file)).toBe(true);
  });
});

describe('loadBlueprintOrThrow', () => {
  it('returns the blueprint when there are only warnings', async () => {
    const blueprint = await loadBlueprintOrThrow(`${fixtures}valid/warnings-only.yaml`);
    expect(blueprint.id).toBe('warnings-only');
  });

  it('throws INVALID_BLUEPRINT with every problem as details', async () => {
    const file = `${fixtures}invalid/wrong-types.yaml`;
    const err: unknown = await loadBlueprintOrThrow(file).catch((e: unknown) => e);
    expect(isParleyError(err)).toBe(true);
    if (!isParleyError(err)) return;
    expect(err.code).toBe('INVALID_BLUEPRINT');
    expect(err.details).toHaveLength(3);
    expect(err.message).toContain(`${file}:4:3  SCHEMA`);
    expect(err.message).toContain(`${file}: invalid blueprint (3 problems)`);
  });

  it('throws FILE_NOT_FOUND for a missing file', async () => {
    await expect(loadBlueprintOrThrow(join(tmp, 'missing.yaml'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      details: [expect.objectContaining({ code: 'FILE_NOT_FOUND' })],
    });
  });
});
