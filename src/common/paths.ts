import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project's root folder (the one holding package.json), from src/ or dist/src/ alike. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The top-level `views/` folder (pages and mail templates). */
export const VIEWS_DIR = join(projectRoot(), 'views');
