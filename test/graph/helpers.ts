import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { blueprintSchema, type Blueprint, type BlueprintInput } from '../../src/blueprint/schema.js';

/**
 * The repository root: the nearest ancestor with a package.json. Found by walking up rather than by a
 * fixed `../..` so that the same code works when the tests run compiled from `dist/test/`.
 */
export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const fixtureDir = join(repoRoot, 'test/fixtures/graph/');
export const examplesDir = join(repoRoot, 'blueprints/');

function findRoot(dir: string): string {
  if (existsSync(join(dir, 'package.json'))) return dir;
  const parent = dirname(dir);
  if (parent === dir) throw new Error('no package.json above the tests');
  return findRoot(parent);
}

export function parseYamlFile(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}

/** A fixture from test/fixtures/graph, parsed with the zod schema (defaults applied). */
export function fixture(name: string): Blueprint {
  return blueprintSchema.parse(parseYamlFile(`${fixtureDir}${name}.yaml`));
}

/** The example blueprints shipped in blueprints/, by file name. */
export function exampleBlueprints(): [string, Blueprint][] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => [f, blueprintSchema.parse(parseYamlFile(`${examplesDir}${f}`))]);
}

/** A small blueprint built in code: `nodes` and `edges` as authors write them. */
export function blueprint(graph: BlueprintInput['graph'], extra: Partial<BlueprintInput> = {}): Blueprint {
  return blueprintSchema.parse({ id: 'test-bp', name: 'Test', ...extra, graph });
}

/** Pieces of text that have a meaning in DOT, Mermaid, HTML/SVG or JSON, plus unicode and controls. */
export const HOSTILE_PIECES = [
  '"',
  "'",
  '\\',
  '\\n',
  '\\l',
  '<',
  '>',
  '&',
  '&amp;',
  '#',
  '#35;',
  '|',
  '`',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ';',
  '-->',
  '->',
  '%%',
  'end',
  '<br/>',
  ']]>',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u2028',
  ' ',
  'a',
  'Z',
  '9',
  'é',
  '日本',
  '🎉',
  '\u200d',
] as const;
