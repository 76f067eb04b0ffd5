import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { MAX_AGENT_FILE_BYTES } from '../../src/agent/load.js';
import { MAX_BLUEPRINT_BYTES } from '../../src/blueprint/load.js';
import { MAX_ANSWERS_FILE_BYTES as MAX_CONSOLE_ANSWERS_BYTES } from '../../src/console/answers.js';
import { MAX_PERSONAS_FILE_BYTES } from '../../src/console/personas/schema.js';
import { MAX_ANSWERS_FILE_BYTES as MAX_WALK_ANSWERS_BYTES } from '../../src/walk/answers-file.js';
import { buildIfStale, repoRoot, runCli } from '../console/cli-helpers.js';

/**
 * One loader (src/files) for every input file, through the real CLI: a file over its kind's size limit,
 * broken YAML and a schema error each come back as `file:line:col  CODE  message`, with the position of
 * the problem.
 */
beforeAll(() => buildIfStale(), 120_000);

const dir = mkdtempSync(join(tmpdir(), 'parley-files-'));
const blueprint = join(repoRoot, 'blueprints/product-discovery.yaml');
const answers = join(repoRoot, 'blueprints/answers/product-discovery.full.yaml');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
/** A comment as long as the limit: valid YAML, one byte too many. */
const tooBig = (limit: number): string => `#${'x'.repeat(limit)}\n`;
const brokenYaml = 'a: 1\nb: [x, y\n';

interface Kind {
  kind: string;
  exit: number;
  limit: number;
  args: (path: string) => string[];
  /** A schema error and where it is reported. */
  invalid: { text: string; at: string; code: string; path: string };
}

const kinds: Kind[] = [
  {
    kind: 'blueprint',
    exit: 2,
    limit: MAX_BLUEPRINT_BYTES,
    args: (p) => ['console', p, '--answers', answers],
    invalid: {
      text: 'id: x\nname: X\ngraph:\n  entry_node: a\n  nodes:\n    a: { type: bogus }\n',
      at: '6:10',
      code: 'SCHEMA',
      path: 'graph.nodes.a.type',
    },
  },
  {
    kind: 'agent file',
    exit: 2,
    limit: MAX_AGENT_FILE_BYTES,
    args: (p) => ['console', blueprint, '--answers', answers, '--agent', p],
    invalid: {
      text: 'name: A\nprobing_depth: bottomless\n',
      at: '2:1',
      code: 'INVALID_CONFIG',
      path: 'probing_depth',
    },
  },
  {
    kind: 'answers file',
    exit: 2,
    limit: MAX_CONSOLE_ANSWERS_BYTES,
    args: (p) => ['console', blueprint, '--answers', p],
    invalid: { text: 'answers: [a]\nbogus: 1\n', at: '2:1', code: 'INVALID_ANSWERS', path: '(top level)' },
  },
  {
    kind: 'personas file',
    exit: 2,
    limit: MAX_PERSONAS_FILE_BYTES,
    args: (p) => ['simulate', blueprint, '--runs', '1', '--personas', p],
    invalid: {
      text: 'personas:\n  - name: p\n    style: bogus\n',
      at: '3:5',
      code: 'INVALID_CONFIG',
      path: 'personas[0].style',
    },
  },
  {
    kind: 'walk answers file',
    exit: 1,
    limit: MAX_WALK_ANSWERS_BYTES,
    args: (p) => ['walk', blueprint, '--answers', p],
    invalid: {
      text: 'answers:\n  - decline: maybe\n',
      at: '2:5',
      code: 'INVALID_ANSWERS',
      path: 'answers[0].decline',
    },
  },
];

describe.concurrent.each(kinds)('$kind', ({ kind, exit, limit, args, invalid }) => {
  const slug = kind.replace(/ /g, '-');

  test('too big: FILE_TOO_LARGE at 1:1', async () => {
    const path = file(`${slug}.big.yaml`, tooBig(limit));
    const res = await runCli(args(path));
    expect(res.code).toBe(exit);
    expect(res.stderr).toContain(`${path}:1:1  FILE_TOO_LARGE  `);
    expect(res.stderr).toContain(String(limit));
  });

  test('bad YAML: YAML_SYNTAX at its line:col', async () => {
    const path = file(`${slug}.broken.yaml`, brokenYaml);
    const res = await runCli(args(path));
    expect(res.code).toBe(exit);
    expect(res.stderr).toMatch(new RegExp(`${path.replace(/[.]/g, '\\.')}:[23]:\\d+  YAML_SYNTAX  \\S`));
  });

  test('schema error: the code and the position of the offending entry', async () => {
    const path = file(`${slug}.invalid.yaml`, invalid.text);
    const res = await runCli(args(path));
    expect(res.code).toBe(exit);
    expect(res.stderr).toContain(`${path}:${invalid.at}  ${invalid.code}  ${invalid.path}: `);
  });
});
