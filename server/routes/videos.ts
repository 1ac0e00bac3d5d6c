import express, { Router, type Request, type Response } from 'express';
import { MAX_LEAD_SECONDS } from '../../index/breaks.js';
import type { Passage } from '../../index/types.js';
import { PanelnotesError } from '../errors.js';
import type { VideoView } from '../services/catalog.js';
import type { VideoSummary } from '../contracts/videos.js';
import { snippetHtml } from '../search/snippets.js';
import type { AppDeps } from '../services/types.js';
import { catalogParts, transcriptFile, transcriptFormat } from '../services/transcripts.js';
import { libraryLive, libraryVersion, talkVersion } from './live.js';
import { formPost, type PageGuards } from './guards.js';
import type { TalkOptions } from '../services/imports.js';
import { codeParam, formBody, formText, noteIdParam, tagParam, text, time, turnIdParam, videoIdParam, wholeNumber } from './params.js';
import type { RouteLimits } from './rateLimits.js';
import { captionUpload } from './upload.js';

/** What a transcript page can say after a change (`?done=`); the words come from the data, not the URL. */
const DONE = ['speaker-added'] as const;

type VideosDeps = Pick<AppDeps, 'catalog' | 'jobs' | 'notes' | 'speakers' | 'imports' | 'maxUploadBytes' | 'startFetch'>;

/**
 * The videos in the JSON API: the library, one video with its passages and chapters, adding
 * one (a fetch from YouTube as a job, or a caption file at once) and the fetch jobs.
 */
export function videosApi({ catalog, jobs, notes, speakers, imports, maxUploadBytes }: VideosDeps, limits: RouteLimits): Router {
  const api = Router();

  api.get('/videos', (_req, res) => {
    res.json({ videos: catalog.list().map(summary) });
  });

  api.get('/videos/:id', (req, res) => {
    const view = catalog.get(videoIdParam(String(req.params.id)));
    res.json({
      ...summary(view),
      metadata: view.record.metadata,
      passages: view.passages.map((p, i) => ({ index: p.index, start: p.start, end: p.end, text: p.text, topic: view.topics[i], speaker: p.speaker })),
      chapters: view.chapters,
    });
  });

  api.post('/videos', limits.fetches, express.json({ limit: '16kb' }), captionUpload(maxUploadBytes), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.file) {
      const { record } = await imports.file(req.file.buffer, req.file.originalname || 'upload', field(body, 'video'), talkFields(body));
      res
        .status(201)
        .location(`/api/videos/${record.videoId}`)
        .json(summary(catalog.get(record.videoId)));
      return;
    }
    const url = field(body, 'url');
    if (!url) throw new PanelnotesError('USAGE', 'send {"url": "<YouTube URL or id>"}, or a caption file as multipart "file" with "video"');
    const job = jobs.start(url);
    res.status(202).location(`/api/jobs/${job.id}`).json(job);
  });

  api.get('/videos/:id/transcript', transcriptRoute({ catalog, notes, speakers }, 'json'));

  api.get('/videos/:id/version', async (req, res) => {
    res.json({ version: await talkVersion(catalog, notes, videoIdParam(String(req.params.id))) });
  });

  api.get('/library/version', async (_req, res) => {
    res.json({ version: await libraryVersion(catalog, notes) });
  });

  api.get('/jobs/:id', async (req, res) => {
    const job = await jobs.get(String(req.params.id));
    if (!job) throw new PanelnotesError('NOT_FOUND', `no job ${String(req.params.id).slice(0, 40)}`);
    res.json(job);
  });

  return api;
}

/** The library page, the add-a-video page and its two forms, a fetch's progress page, and a transcript page. */
export function videosPages({ catalog, jobs, notes, speakers, imports, maxUploadBytes, startFetch }: VideosDeps, guards: PageGuards): Router {
  const pages = Router();
  const { formPage, checkForm, limits } = guards;

  pages.get('/', async (_req, res) => {
    // A sample talk whose real captions could not be fetched on start, only while it is still the sample.
    const notFetched = (startFetch?.failures() ?? []).filter((f) => catalog.has(f.videoId) && catalog.get(f.videoId).record.source === 'sample');
    res.render('home', { title: 'Library', videos: catalog.list(), problems: catalog.problems, notFetched, q: '', live: await libraryLive(catalog, notes) });
  });

  pages.get('/videos/:id/transcript', transcriptRoute({ catalog, notes, speakers }, 'txt'));

  pages.get('/videos/new', formPage, (req, res) => {
    res.render('add', { title: 'Add a video', url: '', video: text(req, 'video', 200) ?? '' });
  });

  pages.post('/videos', limits.fetches, ...formPost(guards), (req, res) => {
    const url = formText(req, 'url')?.trim() ?? '';
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
    (req, res, next) => upload(req, res, (error?: unknown) => (error ? addFormError(res, error, formText(req, 'video') ?? '') : next())),
    checkForm,
    async (req, res) => {
      const video = formText(req, 'video')?.trim() ?? '';
      try {
        if (!req.file) throw new PanelnotesError('USAGE', 'choose a caption file to upload');
        const { record } = await imports.file(req.file.buffer, req.file.originalname || 'upload', video || undefined, talkFields(formBody(req)));
        res.redirect(303, `/videos/${record.videoId}`);
      } catch (error) {
        addFormError(res, error, video);
      }
    },
  );

  pages.get('/jobs/:id', async (req, res) => {
    const job = await jobs.get(String(req.params.id));
    if (!job) throw new PanelnotesError('NOT_FOUND', 'no such fetch; it may have finished long ago');
    res.render('job', { title: `Fetching ${job.videoId}`, job });
  });

  pages.get('/videos/:id', formPage, async (req, res) => {
    const view = catalog.get(videoIdParam(String(req.params.id)));
    const videoId = view.record.videoId;
    const at = time(req, 't');
    const q = text(req, 'q') ?? '';
    let hits = new Map<number, string>();
    let problem: PanelnotesError | undefined;
    if (q.trim()) {
      try {
        // Passages only: a note that matches is not shown in place of the words of its passage.
        const response = catalog.search(q, { video: videoId, kind: 'transcript', limit: 1000, wholeText: true });
        hits = new Map(response.results.filter((r) => r.videoId === videoId).map((r) => [r.passage, snippetHtml(r.excerpt)]));
      } catch (error) {
        if (!(error instanceof PanelnotesError)) throw error;
        problem = error;
      }
    }
    // Each note shows after the passage playing at its moment.
    const notesPage = await notes.page(videoId, view.passages, {
      page: req.query.notes === undefined ? undefined : wholeNumber(req, 'notes', 1, 1, 100_000),
      focus: text(req, 'note', 60),
      tag: tagParam(req),
    });
    // Undo is offered for a note of this video deleted a moment ago, by the id the service has.
    const deleted = noteIdParam(req, 'deleted');
    const done = codeParam(req, 'done', DONE);
    const turnId = turnIdParam(req, 'turn');
    const turn = done === 'speaker-added' && turnId !== undefined ? await notes.turn(videoId, turnId) : undefined;
    res.render('video', {
      title: view.record.title,
      view,
      live: {
        url: `/api/videos/${videoId}/version`,
        version: await talkVersion(catalog, notes, videoId),
        message: 'This talk changed since the page was loaded (its transcript, notes or speakers).',
      },
      at,
      q,
      hits,
      hitOrder: [...hits.keys()].sort((a, b) => a - b),
      current: at === undefined ? -1 : landing(view.passages, at, hits),
      problem,
      notesPage,
      turns: await notes.turns(videoId),
      deleted: deleted === undefined ? undefined : notes.deletedNote(deleted, videoId),
      done: turn ? { code: done, turn } : undefined,
    });
  });

  return pages;
}

/**
 * The passage a page opened at `at` shows as current: the one playing then, unless a search
 * link brought the reader there. Such a link opens where the sentence holding the match began,
 * which may be a few seconds into the passage before the match's own (at most
 * MAX_LEAD_SECONDS): the passage with the match is the one to show.
 */
function landing(passages: readonly Passage[], at: number, hits: ReadonlyMap<number, string>): number {
  const playing = passages.findIndex((p) => at < p.end);
  const next = passages[playing + 1];
  if (playing >= 0 && hits.size && !hits.has(playing) && next && hits.has(playing + 1) && next.start - at <= MAX_LEAD_SECONDS) return playing + 1;
  return playing;
}

/** The add-video page again, with what went wrong; errors that are not the user's go on up. */
function addFormError(res: Response, error: unknown, video: string, url = ''): void {
  if (!(error instanceof PanelnotesError)) throw error;
  res.status(error.httpStatus).render('add', { title: 'Add a video', error, url, video });
}

/** A text field of a JSON or multipart body, trimmed; absent or empty is undefined. */
function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new PanelnotesError('USAGE', `"${name}" must be text`);
  return value.trim();
}

/**
 * GET …/videos/:id/transcript?format=&from=&to=: the talk's transcript as a file download (see
 * transcriptFile), in `fallback` format when none is asked for (the API's JSON, the page's text).
 */
function transcriptRoute({ catalog, notes, speakers }: Pick<VideosDeps, 'catalog' | 'notes' | 'speakers'>, fallback: string) {
  return async (req: Request, res: Response): Promise<void> => {
    const videoId = videoIdParam(String(req.params.id));
    const format = text(req, 'format') ?? fallback;
    const from = text(req, 'from', 20);
    const to = text(req, 'to', 20);
    const parts = catalogParts(catalog, videoId, await notes.turns(videoId));
    // Only the Markdown export ends with who answered what (see transcriptFile).
    const file = transcriptFile(format === 'md' ? { ...parts, questions: await speakers.questions(videoId) } : parts, transcriptFormat(format), {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
    res.attachment(`${videoId}.${file.extension}`).type(file.contentType).send(file.body);
  };
}

/** What an upload says of its talk besides the file: title, language, and where a talk not on YouTube is watched. */
function talkFields(body: Record<string, unknown>): TalkOptions {
  const title = field(body, 'title');
  const language = field(body, 'language');
  const url = field(body, 'url');
  return { ...(title ? { title } : {}), ...(language ? { language } : {}), ...(url ? { url } : {}) };
}

/** A video in the API's lists: what it is, where it came from, how long. */
function summary(view: VideoView): VideoSummary {
  const { record } = view;
  return {
    videoId: record.videoId,
    title: record.title,
    ...(record.url ? { url: record.url } : {}),
    source: record.source,
    sample: record.source === 'sample',
    ...(record.notice ? { notice: record.notice } : {}),
    language: record.language,
    captionKind: record.captionKind,
    ...(record.provenance ? { provenance: record.provenance } : {}),
    duration: view.duration,
    segments: record.segments.length,
    passages: view.passages.length,
    fetchedAt: record.fetchedAt,
  };
}
