import { Router, type Response } from 'express';
import { PanelnotesError } from '../errors.js';
import { talkList } from '../services/batch.js';
import type { AppDeps } from '../services/types.js';
import { formPost, type PageGuards } from './guards.js';
import { formText } from './params.js';

/** Most talks one list may hold: a conference, not a channel's history. */
const MAX_TALKS = 500;

/**
 * The add-video page's list of URLs: every line checked before anything starts, then fetched
 * one talk after another (paced, talks already in the library skipped: see services/batch.ts),
 * each with its own job, and a page following them all.
 */
export function batchPages({ jobs }: Pick<AppDeps, 'jobs'>, guards: PageGuards): Router {
  const pages = Router();

  pages.post('/videos/batch', guards.limits.fetches, ...formPost(guards), (req, res) => {
    const urls = formText(req, 'urls') ?? '';
    try {
      const batch = jobs.startBatch(talkLines(urls));
      res.redirect(303, `/batches/${batch.id}`);
    } catch (error) {
      listError(res, error, urls);
    }
  });

  pages.get('/batches/:id', (req, res) => {
    const batch = jobs.getBatch(String(req.params.id));
    if (!batch) throw new PanelnotesError('NOT_FOUND', 'no such list of talks; it may have finished long ago');
    res.render('batch', { title: `Fetching ${batch.jobs.length} talks`, batch });
  });

  return pages;
}

/** The talks of the text area (see talkList): at least one, at most MAX_TALKS. */
function talkLines(text: string): string[] {
  const talks = talkList(text);
  if (!talks.length) throw new PanelnotesError('USAGE', 'give one YouTube URL or video id a line');
  if (talks.length > MAX_TALKS) throw new PanelnotesError('USAGE', `a list holds at most ${MAX_TALKS} talks; split it, or use panelnotes fetch --from FILE`);
  return talks;
}

/** The add-video page again, the list kept, with what went wrong. */
function listError(res: Response, error: unknown, urls: string): void {
  if (!(error instanceof PanelnotesError)) throw error;
  res.status(error.httpStatus).render('add', { title: 'Add a video', error, url: '', video: '', urls });
}
