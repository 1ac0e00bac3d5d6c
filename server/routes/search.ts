import { Router } from 'express';
import { showSearch, type ShownResponse, type TalkLookup } from '../search/snippets.js';
import { markSuggested } from '../speakers/suggestedSpeakers.js';
import { PanelnotesError } from '../errors.js';
import type { AppDeps } from '../services/types.js';
import type { SpeakerTurn } from '../notes/types.js';
import { text, time, videoIdParam, wholeNumber } from './params.js';
import { libraryLive } from './live.js';

/** Results on one page of GET /search. */
const PAGE_SIZE = 10;

/** GET /api/search: the library searched, as JSON (`{query, total, results, topics, …}`). */
export function searchApi({ catalog, notes }: Pick<AppDeps, 'catalog' | 'notes'>): Router {
  const api = Router();
  api.get('/search', async (req, res) => {
    const q = text(req, 'q') ?? '';
    const video = text(req, 'video');
    const topic = text(req, 'topic');
    const speaker = text(req, 'speaker');
    const from = time(req, 'from');
    const to = time(req, 'to');
    const response = catalog.search(q, {
      limit: wholeNumber(req, 'limit', 10, 1, 100),
      offset: wholeNumber(req, 'offset', 0, 0, 10_000),
      ...(video ? { video: videoIdParam(video) } : {}),
      ...(topic ? { topic } : {}),
      ...(speaker ? { speaker } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    const shown = showSearch(response, talkOf(catalog));
    res.json({ ...shown, results: markSuggested(shown.results, await turnsOf(notes, shown.results)) });
  });
  return api;
}

/** The speaker turns of the talks whose results name a speaker, read once each (for markSuggested). */
async function turnsOf(
  notes: AppDeps['notes'],
  results: readonly { kind: string; videoId: string; speaker: string | null }[],
): Promise<(videoId: string) => SpeakerTurn[]> {
  const ids = [...new Set(results.filter((r) => r.kind === 'transcript' && r.speaker !== null).map((r) => r.videoId))];
  const turns = new Map(await Promise.all(ids.map(async (id) => [id, await notes.turns(id)] as const)));
  return (videoId) => turns.get(videoId) ?? [];
}

/** What results show of a talk of the library: a sample's carry the sample badge; a talk not on YouTube links to its own URL. */
function talkOf(catalog: AppDeps['catalog']): TalkLookup {
  return (videoId) => (catalog.has(videoId) ? { sample: catalog.get(videoId).record.source === 'sample', url: catalog.urlOf(videoId) } : undefined);
}

/** GET /search: the search page, ten results a page with topic facets; without a query, ideas to try. */
export function searchPages({ catalog, notes }: Pick<AppDeps, 'catalog' | 'notes'>): Router {
  const pages = Router();
  pages.get('/search', async (req, res) => {
    const params = { q: text(req, 'q') ?? '', topic: text(req, 'topic'), speaker: text(req, 'speaker'), video: text(req, 'video') };
    const page = wholeNumber(req, 'page', 1, 1, 1000);
    if (!params.q.trim()) {
      res.render('search', { title: 'Search', params, page });
      return;
    }
    const filters = {
      ...(params.speaker ? { speaker: params.speaker } : {}),
      ...(params.video ? { video: videoIdParam(params.video) } : {}),
    };
    let response: ShownResponse;
    let facets: Record<string, number>;
    let speakerFacets: Record<string, number>;
    try {
      response = showSearch(
        catalog.search(params.q, { ...filters, ...(params.topic ? { topic: params.topic } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
        talkOf(catalog),
      );
      // Facet counts ignore the topic filter, so every topic shows what choosing it would give.
      facets = params.topic ? catalog.search(params.q, { ...filters, limit: 0 }).topics : response.topics;
      // Speaker counts ignore the speaker filter the same way.
      const { speaker: _speaker, ...others } = filters;
      speakerFacets = params.speaker
        ? catalog.search(params.q, { ...others, ...(params.topic ? { topic: params.topic } : {}), limit: 0 }).speakers
        : response.speakers;
    } catch (error) {
      if (!(error instanceof PanelnotesError) || error.code !== 'USAGE') throw error;
      res.status(400).render('search', { title: 'Search', params, page, problem: error });
      return;
    }
    const pages = Math.ceil(response.total / PAGE_SIZE);
    if (page > 1 && page > pages)
      throw new PanelnotesError('NOT_FOUND', `there is no page ${page}: "${params.q}" has ${pages} page${pages === 1 ? '' : 's'} of results`);
    response = { ...response, results: markSuggested(response.results, await turnsOf(notes, response.results)) };
    res.render('search', {
      title: `${params.q} – Search`,
      params,
      page,
      pageSize: PAGE_SIZE,
      response,
      facets,
      speakerFacets,
      live: await libraryLive(catalog, notes),
    });
  });
  return pages;
}
