import type { IndexData } from '../search/cache.js';
import { PanelnotesError } from '../errors.js';
import type { Vocabulary } from '../search/vocabulary.js';
import { siteAssets } from './assets.js';
import { renderPages } from './pages.js';
import { searchFiles } from './searchData.js';
import type { SiteFile } from './siteFile.js';
import { gatherTalks, type PublishReader, type PublishRequest } from './source.js';

/**
 * A published site, whole: pages, search files and assets, as a list of files that the CLI
 * writes to a folder (write.ts) and the app sends as a zip (zip.ts).
 *
 *     index.html            the library: every talk with its chapter bar
 *     search.html           search, run in the browser (assets/search.js)
 *     talks/<id>.html       a talk: player, chapters, transcript, notes
 *     assets/               style.css, player.js, search.js
 *     search/               what search loads (searchData.ts)
 */
export async function buildSite(reader: PublishReader, request: PublishRequest, vocabulary: Vocabulary, indexData: IndexData): Promise<SiteFile[]> {
  const talks = await gatherTalks(reader, request, vocabulary, indexData);
  const [pages, assets] = await Promise.all([renderPages(talks, vocabulary, request, siteName(talks.map((t) => t.record))), siteAssets()]);
  return [...pages, ...searchFiles(talks, vocabulary), ...assets];
}

/** The site's name: the talk's title, or the event all its talks are from, or how many talks it holds. */
function siteName(records: { title: string; metadata: { event?: string } }[]): string {
  if (records.length === 1) return (records[0] as { title: string }).title;
  const events = new Set(records.map((r) => r.metadata.event));
  const [event] = events;
  return events.size === 1 && event ? event : `${records.length} talks`;
}

/** A `--base-url` as the site's canonical address: http(s), ending in `/` so pages resolve under it. */
export function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PanelnotesError('USAGE', `--base-url must be an absolute http(s) URL, not "${text}"`, 'e.g. --base-url https://example.org/panel/');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PanelnotesError('USAGE', `--base-url must be http or https, not ${url.protocol}`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}
