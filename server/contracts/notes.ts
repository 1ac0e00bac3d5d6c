/**
 * Notes and speaker spans in the JSON API. The request bodies are the very schemas that check
 * them (server/notes/validate.ts), and a note's shape is the one a notes import checks
 * (server/notes/export.ts): one schema each for the rule and the document.
 */
import { z } from 'zod';
import { exportSchema, noteSchema } from '../notes/import.js';
import { EXPORT_FORMATS, type Note, type NotesExport, type SpeakerTurn } from '../notes/types.js';
import { noteBody, patchBody, turnBody } from '../notes/validate.js';
import { speakerCueSchema, speakerTurnSchema } from '../speakers/requests.js';
import { sameType } from './common.js';

export { exportSchema as notesExportSchema, noteSchema };

/** POST /api/videos/{id}/notes, PATCH /api/notes/{id}, POST /api/videos/{id}/speakers. */
export { noteBody as newNoteSchema, patchBody as noteChangeSchema, turnBody as newSpeakerTurnSchema };

/** GET /api/videos/{id}/notes's parameters (bounds as server/routes/notesApi.ts reads them). */
export const notesQuerySchema = z.object({
  offset: z.int().min(0).max(1_000_000).default(0).describe('notes to skip, in time order'),
  limit: z.int().min(0).max(1000).default(1000).describe('notes in this answer'),
  tag: z.string().max(40).optional().describe('Only notes with this tag (`hw`, `#hw` and `HW` alike).'),
});

/** One page of a video's notes. */
export const notePageSchema = z.object({
  total: z.int().min(0).describe('notes of the video (with `tag`: with that tag)'),
  notes: z.array(noteSchema).describe('in time order'),
});
export type NotePage = z.infer<typeof notePageSchema>;

export const deletedNoteSchema = z.object({ deleted: noteSchema });

/** GET /api/videos/{id}/notes/export's parameter. */
export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS).default('json').describe('md: Markdown; json: for import; vtt: WebVTT; annotation: W3C Web Annotation JSON-LD'),
});

export const importResultSchema = z.object({
  added: z.int().min(0),
  skipped: z.int().min(0).describe('notes already there (by id)'),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export { speakerCueSchema, speakerTurnSchema };

export const speakerTurnsSchema = z.object({ turns: z.array(speakerTurnSchema).describe('by start') });
export const deletedSpeakerTurnSchema = z.object({ deleted: speakerTurnSchema });

// server/notes/types.ts keeps the store's own types; they must stay the contract's.
sameType<Note, z.infer<typeof noteSchema>>(true);
sameType<NotesExport, z.infer<typeof exportSchema>>(true);
sameType<SpeakerTurn, z.infer<typeof speakerTurnSchema>>(true);
