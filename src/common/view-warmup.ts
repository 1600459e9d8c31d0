import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Application } from 'express';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { VIEWS_DIR } from './paths';

/** Folders of views that are not pages rendered by name (partials are registered, layouts wrap pages). */
const NOT_PAGES = new Set(['partials', 'layouts', 'assets']);

/** The page templates under `dir`, as view names ('registrations/participant'). */
async function pageNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.hbs'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).replace(/\\/g, '/').replace(/\.hbs$/, ''))
    .filter((name) => !NOT_PAGES.has(name.split('/')[0]));
}

/**
 * Reads and compiles every page template (and the layout) once, before the app takes requests,
 * by rendering each with no data into the view cache (`view cache` must be on). Without it the
 * first burst of requests each read and compile the same template before the cache holds it — a
 * thundering herd of ≈ 50 compiles of views/registrations/participant.hbs under load (issue 10,
 * item 7). A render that fails for want of data still leaves its compiled template cached; such
 * failures are ignored. Call after the view engine is set up (bootstrap.ts), before `listen`.
 * @returns how many templates were warmed.
 */
export async function warmUpViews(app: NestExpressApplication, viewsDir = VIEWS_DIR): Promise<number> {
  const express = app.getHttpAdapter().getInstance() as Application;
  const names = await pageNames(viewsDir);
  for (const name of names) await new Promise<void>((resolve) => express.render(`${name}.hbs`, {}, () => resolve()));
  return names.length;
}
