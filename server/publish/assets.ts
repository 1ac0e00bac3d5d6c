import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { PanelnotesError } from '../errors.js';
import type { SiteFile } from './siteFile.js';

/**
 * A site's own files besides its pages: the app's stylesheet (with the few rules only a site
 * needs), the app's player script as it is, and the search script bundled from web/search.ts
 * at build time (`npm run build`: the app's query compiler and scorer from index/, with lunr).
 */

/** Where `npm run build` writes the bundled search script. */
export const SEARCH_BUNDLE = resolve(PROJECT_ROOT, 'dist', 'web', 'search.js');

export async function siteAssets(): Promise<SiteFile[]> {
  const [style, extra, player, search] = await Promise.all([
    readFile(resolve(PROJECT_ROOT, 'public', 'style.css'), 'utf8'),
    readFile(resolve(PROJECT_ROOT, 'web', 'site.css'), 'utf8'),
    readFile(resolve(PROJECT_ROOT, 'public', 'player.js'), 'utf8'),
    readFile(SEARCH_BUNDLE, 'utf8').catch(() => {
      throw new PanelnotesError('FILE_UNREADABLE', `the site's search script is not built (${SEARCH_BUNDLE} is missing)`, 'run npm run build');
    }),
  ]);
  return [
    { path: 'assets/style.css', content: `${style}\n${extra}` },
    { path: 'assets/player.js', content: player },
    { path: 'assets/search.js', content: search },
  ];
}
