import express, { Router, type RequestHandler } from 'express';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppDeps } from '../app.js';
import { PROJECT_ROOT } from '../config.js';
import { PanelnotesError } from '../errors.js';
import { showSearch } from '../search/snippets.js';
import type { VideoView } from '../services/catalog.js';
import { text, time, videoIdParam, wholeNumber } from './params.js';
import { errorHandlers } from './errors.js';
import { notesApi } from './notesApi.js';
import { captionUpload } from './upload.js';
import { NO_LIMITS, type RouteLimits } from './rateLimits.js';

const openapi = readFileSync(resolve(PROJECT_ROOT, 'server', 'openapi.json'), 'utf8');

/** The JSON API, described in server/openapi.json (served at /api/openapi.json). */
export function apiRoutes({ catalog, jobs, notes, imports, maxUploadBytes }: AppDeps, { guards = [], limits = NO_LIMITS }: { guards?: RequestHandler[]; limits?: RouteLimits } = {}): Router {
  const api = Router();
  // Write checks inside the API router, so a refusal answers in JSON like every other API error.
  for (const guard of guards) api.use(guard);

  api.get('/openapi.json', (_req, res) => {
    res.type('json').send(openapi);
  });

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

  api.get('/search', (req, res) => {
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
    res.json(showSearch(response));
  });

  api.post('/videos', limits.fetches, express.json({ limit: '16kb' }), captionUpload(maxUploadBytes), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.file) {
      const video = field(body, 'video');
      if (!video) throw new PanelnotesError('USAGE', 'an uploaded caption file needs "video": the YouTube id or URL it belongs to');
      const title = field(body, 'title');
      const view = await imports.file(req.file.buffer, req.file.originalname || 'upload', video, title);
      res.status(201).location(`/api/videos/${view.record.videoId}`).json(summary(view));
      return;
    }
    const url = field(body, 'url');
    if (!url) throw new PanelnotesError('USAGE', 'send {"url": "<YouTube URL or id>"}, or a caption file as multipart "file" with "video"');
    const job = jobs.start(url);
    res.status(202).location(`/api/jobs/${job.id}`).json(job);
  });

  api.get('/jobs/:id', (req, res) => {
    const job = jobs.get(String(req.params.id));
    if (!job) throw new PanelnotesError('NOT_FOUND', `no job ${String(req.params.id).slice(0, 40)}`);
    res.json(job);
  });

  api.use(notesApi(notes, limits.writes));
  api.use(...errorHandlers('json'));
  return api;
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new PanelnotesError('USAGE', `"${name}" must be text`);
  return value.trim();
}

function summary(view: VideoView) {
  const { record } = view;
  return {
    videoId: record.videoId,
    title: record.title,
    url: record.url,
    source: record.source,
    sample: record.source === 'sample',
    ...(record.notice ? { notice: record.notice } : {}),
    language: record.language,
    captionKind: record.captionKind,
    duration: view.duration,
    segments: record.segments.length,
    passages: view.passages.length,
    fetchedAt: record.fetchedAt,
  };
}
