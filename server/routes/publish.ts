import { Router } from 'express';
import { finished } from 'node:stream/promises';
import { PanelnotesError } from '../errors.js';
import { appReader } from '../publish/readers.js';
import { buildSite } from '../publish/site.js';
import { zipSite } from '../publish/zip.js';
import type { AppDeps } from '../services/types.js';
import { tagParam, text, videoIdParam } from './params.js';
import type { RouteLimits } from './rateLimits.js';

/**
 * GET /publish.zip: the Publish action of the library and transcript pages. The same site
 * `panelnotes publish` writes (server/publish), as a zip download: the whole library, or one
 * talk (`video=`), with its notes (`notes=1`, or only those tagged `tag=`).
 *
 * A site is built whole in memory before it is zipped, so this read costs what no other does:
 * it is rate-limited per address (`limits.publishes`), and one is built at a time per instance
 * (another asked for meanwhile is a 429 at once), so a loop of requests cannot hold many
 * libraries' worth of pages in memory together.
 */
export function publishPages({ catalog, notes }: Pick<AppDeps, 'catalog' | 'notes'>, limits: Pick<RouteLimits, 'publishes'>): Router {
  const pages = Router();
  let building = false;
  pages.get('/publish.zip', limits.publishes, async (req, res) => {
    const video = text(req, 'video');
    const tag = tagParam(req);
    const videos = video === undefined ? [] : [videoIdParam(video)];
    const withNotes = text(req, 'notes', 5) !== undefined || tag !== undefined;
    if (building) throw new PanelnotesError('RATE_LIMITED', 'another site is being published on this server now; try again in a moment');
    building = true;
    try {
      const files = await buildSite(
        appReader(catalog, notes),
        { videos, notes: withNotes, ...(tag ? { notesTag: tag } : {}) },
        catalog.vocabulary,
        catalog.transcripts,
      );
      const folder = video ? `${video}-site` : 'panelnotes-site';
      res.attachment(`${folder}.zip`);
      res.type('application/zip');
      res.set('Cache-Control', 'no-store');
      zipSite(files, folder).pipe(res);
      await finished(res).catch(() => undefined);
    } finally {
      building = false;
    }
  });
  return pages;
}
