import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParleyError } from '../../errors/parley-error.js';

/** Where the example blueprints live, and which scripted answers path each one plays by default. */

/** The repository (or installed package) root: the directory holding `blueprints/`. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'blueprints', 'expert-vetting.yaml'))) return dir;
    dir = dirname(dir);
  }
  throw new ParleyError('FILE_NOT_FOUND', 'cannot find the example blueprints (blueprints/*.yaml)');
}

export function defaultPath(name: string): string {
  switch (name) {
    case 'expert-vetting':
      return 'qualified';
    case 'product-discovery':
      return 'full';
    case 'recruiting-screen':
      return 'senior';
    case 'win-loss':
      return 'lost-detractor';
    default:
      return 'default';
  }
}
