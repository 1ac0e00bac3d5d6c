import express, { Router, type RequestHandler, type Response } from 'express';
import { EXPORT_FORMATS, type ExportFormat } from '../notes/types.js';
import { PanelnotesError } from '../errors.js';
import type { NotesService } from '../services/notes.js';
import { tagParam, text, videoIdParam, wholeNumber } from './params.js';

/** Largest notes import accepted (a JSON export of a few thousand notes fits easily). */
const IMPORT_LIMIT = '25mb';
/** Most notes in one answer of GET /api/videos/:id/notes (about 250 KB of short notes). */
const NOTES_PAGE_MAX = 1000;

/** Notes and speaker turns in the JSON API (mounted under /api); `writeLimit` guards every write. */
export function notesApi(notes: NotesService, writeLimit: RequestHandler = (_req, _res, next) => next()): Router {
  const api = Router();
  const json = express.json({ limit: '64kb' });

  // Pages keep an answer small however many notes a talk has; the JSON export gives them all.
  api.get('/videos/:id/notes', (req, res) => {
    const { total, notes: page } = notes.listPage(videoIdParam(String(req.params.id)), wholeNumber(req, 'offset', 0, 0, 1_000_000), wholeNumber(req, 'limit', NOTES_PAGE_MAX, 0, NOTES_PAGE_MAX), tagParam(req));
    res.json({ total, notes: page });
  });

  api.post('/videos/:id/notes', writeLimit, json, async (req, res) => {
    const note = await notes.add(videoIdParam(String(req.params.id)), req.body);
    res.status(201).location(`/api/notes/${note.id}`).json(note);
  });

  api.get('/notes/:id', (req, res) => {
    res.json(notes.get(String(req.params.id)));
  });

  api.patch('/notes/:id', writeLimit, json, async (req, res) => {
    res.json(await notes.update(String(req.params.id), req.body));
  });

  api.delete('/notes/:id', writeLimit, async (req, res) => {
    res.json({ deleted: await notes.remove(String(req.params.id)) });
  });

  api.get('/videos/:id/notes/export', (req, res) => {
    sendExport(res, notes, videoIdParam(String(req.params.id)), exportFormat(text(req, 'format') ?? 'json'));
  });

  // Read as text, whatever its content type: parsing 25 MB of JSON is the import's work, done
  // off the request thread with the rest of it (NotesService.importFile).
  api.post('/notes/import', writeLimit, express.text({ type: () => true, limit: IMPORT_LIMIT }), async (req, res) => {
    res.json(await notes.importFile(typeof req.body === 'string' ? req.body : '', 'the request body'));
  });

  api.get('/videos/:id/speakers', (req, res) => {
    res.json({ turns: notes.turns(videoIdParam(String(req.params.id))) });
  });

  api.post('/videos/:id/speakers', writeLimit, json, async (req, res) => {
    const turn = await notes.addTurn(videoIdParam(String(req.params.id)), req.body);
    res.status(201).json(turn);
  });

  api.delete('/speakers/:id', writeLimit, async (req, res) => {
    res.json({ deleted: await notes.removeTurn(String(req.params.id)) });
  });

  return api;
}

export function exportFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new PanelnotesError('USAGE', `no export format "${value}"; choose ${EXPORT_FORMATS.join(', ')}`);
  return value as ExportFormat;
}

/** A video's notes as a file download in one of the export formats. */
export function sendExport(res: Response, notes: NotesService, videoId: string, format: ExportFormat): void {
  const file = notes.exportFile(videoId, format);
  // attachment() guesses a type from the file name; the format's own type (with its profile) wins.
  res.attachment(`${videoId}-notes.${file.extension}`).type(file.contentType).send(file.body);
}
