import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { packageRoot } from './assets.js';

/**
 * Bundles the browser pages (join, observer) with esbuild into dist/web/, where the store serves them
 * from `/web/<name>`. Runs after `tsc` in `npm run build`: `node dist/src/store/web/build.js`.
 */
export async function buildWeb(root = packageRoot()): Promise<string[]> {
  const src = join(root, 'src', 'store', 'web', 'client');
  const out = join(root, 'dist', 'web');
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: {
      join: join(src, 'join', 'main.js'),
      observer: join(src, 'observer', 'main.js'),
      parley: join(src, 'parley.css'),
    },
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const files = Object.keys(result.metafile.outputs);
  // pre-compressed copies: the store sends them to browsers that take gzip (livekit-client is ~600 kB)
  for (const f of files) {
    const path = join(root, f);
    writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = await buildWeb();
  process.stdout.write(`web bundles: ${files.join(', ')}\n`);
}
