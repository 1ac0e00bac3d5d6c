import { Router } from 'express';
import { appReader } from '../publish/readers.js';
import { buildSite } from '../publish/site.js';
import { zipSite } from '../publish/zip.js';
import type { AppDeps } from '../services/types.js';
import { tagParam, text, videoIdParam } from './params.js';

/**
 * GET /publish.zip: the Publish action of the library and transcript pages. The same site
 * `panelnotes publish` writes (server/publish), as a zip download: the whole library, or one
 * talk (`video=`), with its notes (`notes=1`, or only those tagged `tag=`).
 */
export function publishPages({ catalog, notes }: Pick<AppDeps, 'catalog' | 'notes'>): Router {
  const pages = Router();
  pages.get('/publish.zip', async (req, res) => {
    const video = text(req, 'video');
    const tag = tagParam(req);
    const videos = video === undefined ? [] : [videoIdParam(video)];
    const withNotes = text(req, 'notes', 5) !== undefined || tag !== undefined;
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
  });
  return pages;
}
