import { SiteIndex, type SiteManifest, type SiteWords } from '../../index/siteIndex.js';
import type { SearchOptions, SearchResponse } from '../../index/searchTypes.js';
import { appReader } from '../../server/publish/readers.js';
import { buildSite } from '../../server/publish/site.js';
import type { PublishRequest } from '../../server/publish/source.js';
import type { TestApp } from './testApp.js';

/** A published site's files, by path, as the app's Publish action makes them. */
export async function publishApp(app: TestApp, request: Partial<PublishRequest> = {}): Promise<Map<string, string>> {
  const files = await buildSite(appReader(app.catalog, app.notes), { videos: [], notes: true, ...request }, app.catalog.vocabulary, app.catalog.transcripts);
  return new Map(files.map((f) => [f.path, f.content.toString()]));
}

/**
 * The site's search as the browser runs it (web/search.ts), over the files in memory: each
 * search first loads what SiteIndex.prepare asks for; `loaded` lists the files read.
 */
export function siteSearch(files: ReadonlyMap<string, string>): { search: (q: string, options?: SearchOptions) => Promise<SearchResponse>; loaded: string[] } {
  const loaded: string[] = [];
  const read = (path: string): unknown => {
    const text = files.get(path);
    if (text === undefined) throw new Error(`the site has no ${path}`);
    loaded.push(path);
    return path.endsWith('.json') ? JSON.parse(text) : text;
  };
  const index = new SiteIndex(read('search/site.json') as SiteManifest, read('search/words.json') as SiteWords, read('search/terms.txt') as string);
  return {
    loaded,
    search: async (q, options = {}) => {
      await index.prepare(q, options, async (path) => read(`search/${path}`));
      return index.search(q, options);
    },
  };
}
