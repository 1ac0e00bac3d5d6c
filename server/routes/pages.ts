import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../app.js';
import { PanelnotesError } from '../errors.js';
import { showSearch, snippetHtml, type ShownResponse } from '../search/snippets.js';
import { codeParam, noteIdParam, tagParam, text, time, turnIdParam, videoIdParam, wholeNumber } from './params.js';
import { captionUpload } from './upload.js';
import { exportFormat, sendExport } from './notesApi.js';
import type { RouteLimits } from './rateLimits.js';
import type { Note } from '../notes/types.js';

const PAGE_SIZE = 10;
/** What a transcript page can say after a change (`?done=`); the words come from the data, not the URL. */
const DONE = ['speaker-added'] as const;

/** The server-rendered pages: every one works without JavaScript. */
export interface FormGuards {
  /** Checks a posted form's CSRF token. */
  checkForm: RequestHandler;
  /** Gives a page that shows forms its session cookie and CSRF token; only those pages pay for it. */
  formPage: RequestHandler;
  /** Every write but the token form itself: the token, where the server has one. */
  requireToken: RequestHandler;
  /** The token form: keeps a right token in the browser, counts a wrong one. */
  acceptToken: (req: Request, res: Response, given: string) => Promise<void>;
  /** The rate limits, attached to the routes they guard. */
  limits: RouteLimits;
}

export function pageRoutes({ catalog, jobs, notes, imports, maxUploadBytes }: AppDeps, { checkForm, formPage, requireToken, acceptToken, limits }: FormGuards): Router {
  const pages = Router();
  // A 10,000-character note in any script, percent-encoded by the browser (up to 9 bytes each).
  const form = [express.urlencoded({ extended: false, limit: '128kb' }), checkForm, formPage];

  // Handing over the token is the one write that cannot already carry it: routed before requireToken.
  pages.post('/token', limits.writes, ...form, async (req, res) => {
    // Only a path on this site: not `//host`, not `/\host` (browsers read `\` as `/`), no line breaks.
    const back = typeof req.body?.back === 'string' && /^\/(?![/\\])[^\\\r\n]*$/.test(req.body.back) ? req.body.back : '/';
    await acceptToken(req, res, String(req.body?.token ?? ''));
    res.redirect(303, back);
  });
  pages.use(requireToken);

  pages.get('/', (_req, res) => {
    res.render('home', { title: 'Library', videos: catalog.list(), problems: catalog.problems, q: '' });
  });

  pages.get('/search', (req, res) => {
    const params = { q: text(req, 'q') ?? '', topic: text(req, 'topic'), speaker: text(req, 'speaker'), video: text(req, 'video') };
    const page = wholeNumber(req, 'page', 1, 1, 1000);
    if (!params.q.trim()) {
      res.render('search', { title: 'Search', params, page, response: undefined, facets: undefined, problem: undefined });
      return;
    }
    const filters = {
      ...(params.speaker ? { speaker: params.speaker } : {}),
      ...(params.video ? { video: videoIdParam(params.video) } : {}),
    };
    let response: ShownResponse | undefined;
    let facets: Record<string, number> | undefined;
    try {
      response = showSearch(catalog.search(params.q, { ...filters, ...(params.topic ? { topic: params.topic } : {}), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));
      // Facet counts ignore the topic filter, so every topic shows what choosing it would give.
      facets = params.topic ? catalog.search(params.q, { ...filters, limit: 0 }).topics : response.topics;
    } catch (error) {
      if (!(error instanceof PanelnotesError) || error.code !== 'USAGE') throw error;
      res.status(400).render('search', { title: 'Search', params, page, response: undefined, facets: undefined, problem: error });
      return;
    }
    const pages = Math.ceil(response.total / PAGE_SIZE);
    if (page > 1 && page > pages) throw new PanelnotesError('NOT_FOUND', `there is no page ${page}: "${params.q}" has ${pages} page${pages === 1 ? '' : 's'} of results`);
    res.render('search', { title: `${params.q} – Search`, params, page, pageSize: PAGE_SIZE, response, facets, problem: undefined });
  });

  pages.get('/videos/new', formPage, (req, res) => {
    res.render('add', { title: 'Add a video', error: undefined, url: '', video: text(req, 'video', 200) ?? '' });
  });

  pages.post('/videos', limits.fetches, ...form, async (req: Request, res: Response) => {
    const url = typeof req.body?.url === 'string' ? req.body.url.trim() : '';
    try {
      const job = jobs.start(url);
      res.redirect(303, `/jobs/${job.id}`);
    } catch (error) {
      addFormError(res, error, '', url);
    }
  });

  const upload = captionUpload(maxUploadBytes);
  pages.post(
    '/videos/upload',
    limits.fetches,
    // An upload refused while it is read (too large) comes back to the form, like any other.
    formPage,
    (req, res, next) => upload(req, res, (error?: unknown) => (error ? addFormError(res, error, String(req.body?.video ?? '')) : next())),
    checkForm,
    async (req: Request, res: Response) => {
      const video = typeof req.body?.video === 'string' ? req.body.video.trim() : '';
      const title = typeof req.body?.title === 'string' && req.body.title.trim() ? req.body.title.trim() : undefined;
      try {
        if (!req.file) throw new PanelnotesError('USAGE', 'choose a caption file to upload');
        const view = await imports.file(req.file.buffer, req.file.originalname || 'upload', video, title);
        res.redirect(303, `/videos/${view.record.videoId}`);
      } catch (error) {
        addFormError(res, error, video);
      }
    },
  );

  pages.get('/jobs/:id', (req, res) => {
    const job = jobs.get(String(req.params.id));
    if (!job) throw new PanelnotesError('NOT_FOUND', 'no such fetch; it may have finished long ago');
    res.render('job', { title: `Fetching ${job.videoId}`, job });
  });

  pages.get('/videos/:id', formPage, (req, res) => {
    const view = catalog.get(videoIdParam(String(req.params.id)));
    const at = time(req, 't');
    const q = text(req, 'q') ?? '';
    let hits = new Map<number, string>();
    let problem: PanelnotesError | undefined;
    if (q.trim()) {
      try {
        // Passages only: a note that matches is not shown in place of the words of its passage.
        const response = catalog.search(q, { video: view.record.videoId, kind: 'transcript', limit: 1000, wholeText: true });
        hits = new Map(response.results.filter((r) => r.videoId === view.record.videoId).map((r) => [r.passage, snippetHtml(r.excerpt)]));
      } catch (error) {
        if (!(error instanceof PanelnotesError)) throw error;
        problem = error;
      }
    }
    const current = at === undefined ? -1 : view.passages.findIndex((p) => at < p.end);
    const hitOrder = [...hits.keys()].sort((a, b) => a - b);
    // Each note shows after the passage playing at its moment.
    const notesPage = notes.page(view.record.videoId, view.passages, {
      page: req.query.notes === undefined ? undefined : wholeNumber(req, 'notes', 1, 1, 100_000),
      focus: text(req, 'note', 60),
      tag: tagParam(req),
    });
    // Undo is offered for a note of this video deleted a moment ago, by the id the service has.
    const deleted = noteIdParam(req, 'deleted');
    const undo = deleted === undefined ? undefined : notes.deletedNote(deleted, view.record.videoId);
    const done = codeParam(req, 'done', DONE);
    const turnId = turnIdParam(req, 'turn');
    const turn = done === 'speaker-added' && turnId !== undefined ? notes.turn(view.record.videoId, turnId) : undefined;
    res.render('video', {
      title: view.record.title,
      view,
      at,
      q,
      hits,
      hitOrder,
      current,
      problem,
      notesPage,
      turns: notes.turns(view.record.videoId),
      deleted: undo,
      done: turn ? { code: done, turn } : undefined,
    });
  });

  pages.post('/videos/:id/notes', limits.writes, ...form, async (req, res) => {
    const videoId = videoIdParam(String(req.params.id));
    const note = await notes.add(videoId, req.body);
    res.redirect(303, noteUrl(note));
  });

  pages.get('/notes/:id/edit', formPage, (req, res) => {
    const note = notes.get(String(req.params.id));
    res.render('note', { title: 'Edit note', note, error: undefined });
  });

  pages.post('/notes/:id', limits.writes, ...form, async (req, res) => {
    const current = notes.get(String(req.params.id));
    try {
      const note = await notes.update(current.id, { start: req.body.start, end: req.body.end ?? '', text: req.body.text, tags: req.body.tags ?? '' });
      res.redirect(303, noteUrl(note));
    } catch (error) {
      if (!(error instanceof PanelnotesError)) throw error;
      res.status(error.httpStatus).render('note', { title: 'Edit note', note: { ...current, ...req.body }, error });
    }
  });

  pages.post('/notes/:id/delete', limits.writes, ...form, async (req, res) => {
    const note = await notes.remove(String(req.params.id));
    res.redirect(303, `/videos/${note.videoId}?deleted=${note.id}#notes`);
  });

  pages.post('/notes/:id/restore', limits.writes, ...form, async (req, res) => {
    const note = await notes.undoDelete(String(req.params.id));
    res.redirect(303, noteUrl(note));
  });

  pages.get('/videos/:id/notes/export', (req, res) => {
    sendExport(res, notes, videoIdParam(String(req.params.id)), exportFormat(text(req, 'format') ?? 'md'));
  });

  pages.post('/videos/:id/speakers', limits.writes, ...form, async (req, res) => {
    const videoId = videoIdParam(String(req.params.id));
    const turn = await notes.addTurn(videoId, req.body);
    res.redirect(303, `/videos/${videoId}?t=${Math.floor(turn.start)}&done=speaker-added&turn=${turn.id}#speakers`);
  });

  pages.post('/speakers/:id/delete', limits.writes, ...form, async (req, res) => {
    const turn = await notes.removeTurn(String(req.params.id));
    res.redirect(303, `/videos/${turn.videoId}#speakers`);
  });

  return pages;
}

/** The add-video page again, with what went wrong; errors that are not the user's go on up. */
function addFormError(res: Response, error: unknown, video: string, url = ''): void {
  if (!(error instanceof PanelnotesError)) throw error;
  res.status(error.httpStatus).render('add', { title: 'Add a video', error, url, video });
}

/** A note on its transcript page: at its moment, shown inline even where many notes crowd. */
function noteUrl(note: Note): string {
  return `/videos/${note.videoId}?t=${Math.floor(note.start)}&note=${note.id}#note-${note.id}`;
}
