import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web bundles `npm run build` writes (src/store/web/build.ts): name → content type. */
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

export interface Asset {
  body: Buffer;
  type: string;
  /** `gzip` when the pre-compressed copy (`<name>.gz`, written by the build) is returned. */
  encoding: 'gzip' | null;
}

/**
 * Reads a built asset, its gzip copy when the client takes gzip and the build wrote one; null when the
 * name is unknown or the bundle was not built.
 */
export async function readAsset(name: string, dir = WEB_DIST_DIR, gzip = false): Promise<Asset | null> {
  const type = WEB_ASSETS[name];
  if (type === undefined) return null;
  if (gzip) {
    try {
      return { body: await readFile(join(dir, `${name}.gz`)), type, encoding: 'gzip' };
    } catch {
      // no compressed copy: the plain file below
    }
  }
  try {
    return { body: await readFile(join(dir, name)), type, encoding: null };
  } catch {
    return null;
  }
}
