import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web bundles `npm run build` writes (src/web/build.ts): name → content type. */
export const WEB_ASSETS: Record<string, string> = {
  'join.js': 'text/javascript; charset=utf-8',
  'observer.js': 'text/javascript; charset=utf-8',
  'parley.css': 'text/css; charset=utf-8',
};

/** The package root (the folder with package.json), from this module in src/ or in dist/src/. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
}

export const WEB_DIST_DIR = join(packageRoot(), 'dist', 'web');

/** Reads a built asset; null when the name is unknown or the bundle was not built. */
export async function readAsset(
  name: string,
  dir = WEB_DIST_DIR,
): Promise<{ body: Buffer; type: string } | null> {
  const type = WEB_ASSETS[name];
  if (type === undefined) return null;
  try {
    return { body: await readFile(join(dir, name)), type };
  } catch {
    return null;
  }
}
