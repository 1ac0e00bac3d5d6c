import express, { Router, type Request, type Response } from 'express';
import { exportFormat } from '../notes/export.js';
import type { Note } from '../notes/types.js';
import { PanelnotesError } from '../errors.js';
import type { VideoView } from '../services/catalog.js';
import type { NotesService } from '../services/notes.js';
import type { AppDeps } from '../services/types.js';
import { formatTime, parseTime } from '../time.js';
import { formPost, type PageGuards } from './guards.js';
import { fieldErrors, noteFields, typedFields, type NoteFieldErrors, type NoteFields } from './noteForm.js';
import { formBody, formText, tagParam, text, time, videoIdParam, wholeNumber } from './params.js';
import type { RouteLimits } from './rateLimits.js';
import { noteTag, noteWrite, writerOf } from './writer.js';

/** Largest notes import accepted (a JSON export of a few thousand notes fits easily). */
const IMPORT_LIMIT = '25mb';
/** Most notes in one answer of GET /api/videos/:id/notes (about 250 KB of short notes). */
const NOTES_PAGE_MAX = 1000;

/** Notes in the JSON API: a video's notes in pages, one note read, changed or deleted, exports and imports. */
export function notesApi({ notes }: Pick<AppDeps, 'notes'>, limits: RouteLimits): Router {
  const api = Router();
  const json = express.json({ limit: '64kb' });

  // Pages keep an answer small however many notes a talk has; the JSON export gives them all.
  api.get('/videos/:id/notes', async (req, res) => {
    const { total, notes: page } = await notes.listPage(
      videoIdParam(String(req.params.id)),
      wholeNumber(req, 'offset', 0, 0, 1_000_000),
      wholeNumber(req, 'limit', NOTES_PAGE_MAX, 0, NOTES_PAGE_MAX),
      tagParam(req),
    );
    res.json({ total, notes: page });
  });

  api.post('/videos/:id/notes', limits.writes, json, async (req, res) => {
    const note = await notes.add(videoIdParam(String(req.params.id)), req.body, writerOf(res));
    res.status(201).location(`/api/notes/${note.id}`).set('ETag', noteTag(note)).json(note);
  });

  api.get('/notes/:id', async (req, res) => {
    const note = await notes.get(String(req.params.id));
    res.set('ETag', noteTag(note)).json(note);
  });

  // The version the writer saw (body `updatedAt` or If-Match) makes a stale write a 409 with
  // the note as it is now; without one the last write wins.
  api.patch('/notes/:id', limits.writes, json, async (req, res) => {
    const note = await notes.update(String(req.params.id), req.body, noteWrite(req, res));
    res.set('ETag', noteTag(note)).json(note);
  });

  api.delete('/notes/:id', limits.writes, async (req, res) => {
    res.json({ deleted: await notes.remove(String(req.params.id), noteWrite(req, res)) });
  });

  api.get('/videos/:id/notes/export', async (req, res) => {
    await sendExport(res, notes, videoIdParam(String(req.params.id)), text(req, 'format') ?? 'json');
  });

  // Read as text, whatever its content type: parsing 25 MB of JSON is the import's work, done
  // off the request thread with the rest of it (NotesService.importFile).
  api.post('/notes/import', limits.writes, express.text({ type: () => true, limit: IMPORT_LIMIT }), async (req, res) => {
    res.json(await notes.importFile(typeof req.body === 'string' ? req.body : '', 'the request body', writerOf(res)));
  });

  return api;
}

/**
 * The note forms of a transcript page, the "note here" page, the edit page, delete with Undo,
 * and the export downloads. A form the notes cannot take comes back with what was typed and
 * the message beside the field it concerns; a saved note lands on its passage.
 */
export function notesPages({ notes, catalog }: Pick<AppDeps, 'notes' | 'catalog'>, guards: PageGuards): Router {
  const pages = Router();
  const { formPage, limits } = guards;
  const form = formPost(guards);

  // "note here" without JavaScript: a small page with the passage and the form, at its moment.
  pages.get('/videos/:id/notes/new', formPage, (req, res) => {
    const view = catalog.get(videoIdParam(String(req.params.id)));
    const at = Math.min(time(req, 't') ?? 0, view.duration);
    renderNewNote(res, view, at, { start: formatTime(at), end: '', text: '', tags: '' });
  });

  pages.post('/videos/:id/notes', limits.writes, ...form, async (req, res) => {
    const videoId = videoIdParam(String(req.params.id));
    try {
      const note = await notes.add(videoId, req.body, writerOf(res));
      res.redirect(303, noteUrl(note));
    } catch (error) {
      if (!(error instanceof PanelnotesError) || error.code === 'NOT_FOUND') throw error;
      const view = catalog.get(videoId);
      res.status(error.httpStatus);
      renderNewNote(res, view, passageMoment(req, view), typedFields(formBody(req)), fieldErrors(error));
    }
  });

  pages.get('/notes/:id/edit', formPage, async (req, res) => {
    const note = await notes.get(String(req.params.id));
    res.render('note', { title: 'Edit note', note, values: noteFields(note) });
  });

  // The form carries the note's updatedAt as it was shown: a note changed since is not
  // overwritten; the page comes back with what was typed, the note as it now is, and why.
  pages.post('/notes/:id', limits.writes, ...form, async (req, res) => {
    const current = await notes.get(String(req.params.id));
    const values = typedFields(formBody(req));
    try {
      const note = await notes.update(current.id, values, noteWrite(req, res, formText(req, 'updatedAt')));
      res.redirect(303, noteUrl(note));
    } catch (error) {
      if (!(error instanceof PanelnotesError)) throw error;
      const now = error.code === 'CONFLICT' ? (error.current as Note) : current;
      res.status(error.httpStatus).render('note', { title: 'Edit note', note: now, values, errors: fieldErrors(error) });
    }
  });

  pages.post('/notes/:id/delete', limits.writes, ...form, async (req, res) => {
    const note = await notes.remove(String(req.params.id), noteWrite(req, res, formText(req, 'updatedAt')));
    res.redirect(303, `/videos/${note.videoId}?deleted=${note.id}#notes`);
  });

  pages.post('/notes/:id/restore', limits.writes, ...form, async (req, res) => {
    const note = await notes.undoDelete(String(req.params.id), writerOf(res));
    res.redirect(303, noteUrl(note));
  });

  pages.get('/videos/:id/notes/export', async (req, res) => {
    await sendExport(res, notes, videoIdParam(String(req.params.id)), text(req, 'format') ?? 'md');
  });

  return pages;
}

/** A video's notes as a file download in one of the export formats. */
async function sendExport(res: Response, notes: NotesService, videoId: string, format: string): Promise<void> {
  const file = await notes.exportFile(videoId, exportFormat(format));
  // attachment() guesses a type from the file name; the format's own type (with its profile) wins.
  res.attachment(`${videoId}-notes.${file.extension}`).type(file.contentType).send(file.body);
}

/** A note on its transcript page: at its moment, shown inline even where many notes crowd. */
function noteUrl(note: Note): string {
  return `/videos/${note.videoId}?t=${Math.floor(note.start)}&note=${note.id}#note-${note.id}`;
}

/**
 * The "note here" page: the passage at `at` and a note form, with what was typed and what is
 * wrong. Cancel goes back to the passage on the transcript page.
 */
function renderNewNote(res: Response, view: VideoView, at: number, values: NoteFields, errors: NoteFieldErrors = {}): void {
  const index = Math.max(
    0,
    view.passages.findIndex((p) => at < p.end),
  );
  const passage = view.passages[index];
  res.render('noteNew', { title: `Note – ${view.record.title}`, view, passage, values, errors });
}

/**
 * Where a refused note form was written: its passage moment (`at`, sent by the form), else the
 * moment typed, else the start of the talk.
 */
function passageMoment(req: Request, view: VideoView): number {
  for (const given of [formText(req, 'at'), formText(req, 'start')]) {
    try {
      if (given !== undefined) return Math.min(Math.max(0, parseTime(given)), view.duration);
    } catch {
      // not a time: the next one, or the start
    }
  }
  return 0;
}
