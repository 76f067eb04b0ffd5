import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * Every example blueprint walked end to end through the built CLI (`parley walk`) with each of its
 * scripts in blueprints/walks/: the path taken must be the script's `expect_path`, and the run must end.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const root = findRoot();
const cli = join(root, 'dist/src/cli/main.js');
const walks = join(root, 'blueprints/walks');
const scripts = readdirSync(walks).filter((f) => f.endsWith('.yaml'));

function walk(blueprint: string, script: string, ...extra: string[]) {
  const r = spawnSync(process.execPath, [cli, 'walk', blueprint, '--answers', script, ...extra], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('parley walk over the example blueprints', () => {
  it('has at least two scripted paths per example blueprint', () => {
    const examples = readdirSync(join(root, 'blueprints')).filter((f) => f.endsWith('.yaml'));
    expect(examples).toHaveLength(6);
    for (const example of examples) {
      const id = example.replace(/\.yaml$/, '');
      expect(scripts.filter((s) => s.startsWith(`${id}.`)).length, id).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(scripts)('%s takes its expected path and ends', (script) => {
    const blueprint = `blueprints/${script.split('.')[0]}.yaml`;
    const expected = (parse(readFileSync(join(walks, script), 'utf8')) as { expect_path: string[] })
      .expect_path;
    const r = walk(blueprint, `blueprints/walks/${script}`, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { status: string; path_taken: string[]; end_reason: string };
    expect(result.status).toBe('ended');
    expect(result.path_taken).toEqual(expected);
  });

  it('exits 1 and shows both paths when the walk differs from --expect-path', () => {
    const r = walk(
      'blueprints/win-loss.yaml',
      'blueprints/walks/win-loss.won-promoter.yaml',
      '--expect-path',
      'decision_role,evaluation_process,why_competitor',
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('path differs');
    expect(r.stderr).toContain('decision_role → evaluation_process → why_us');
  });
});
