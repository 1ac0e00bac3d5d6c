import { z } from 'zod';
import { PanelnotesError } from '../errors.js';
import { describeJsonError } from '../regularFile.js';
import { videoIdField } from '../transcript/schema.js';
import { USER_NAME } from '../store/userTokens.js';
import { describeIssue } from '../zodIssues.js';
import { tagField } from './tags.js';
import { NUL_MESSAGE } from './validate.js';
import { MAX_TAGS, NOTE_ID, NOTE_MAX_CHARS, type Note, type NotesExport } from './types.js';

/*
 * Notes come back into panelnotes in one shape: the JSON export (a NotesExport, see export.ts),
 * every field checked, nothing truncated or repaired; a tag as given is read by the one tag rule
 * (tags.ts) the forms use. The caller reads the file and writes the notes.
 */

const seconds = z.number({ error: 'not a number of seconds' }).min(0, 'must not be negative');
const timestamp = z.iso.datetime({ offset: true, error: 'not an ISO timestamp' });

/** A note as stored, answered and exported: the rule an import checks, and the OpenAPI `Note`. */
export const noteSchema = z
  .strictObject({
    id: z.string().regex(NOTE_ID, 'not a note id (a UUID: letters, digits and "-")'),
    videoId: videoIdField,
    start: seconds,
    end: seconds.optional(),
    text: z.string().superRefine((value, ctx) => {
      if (!value.trim()) ctx.addIssue({ code: 'custom', message: 'empty text' });
      else if (value.includes('\u0000')) ctx.addIssue({ code: 'custom', message: NUL_MESSAGE });
      else if (value.length > NOTE_MAX_CHARS) ctx.addIssue({ code: 'custom', message: `${value.length} characters; a note holds at most ${NOTE_MAX_CHARS}` });
    }),
    tags: z
      .array(tagField)
      .max(MAX_TAGS, `more than ${MAX_TAGS} tags`)
      .superRefine((tags, ctx) => {
        tags.forEach((t, i) => {
          if (tags.indexOf(t) < i) ctx.addIssue({ code: 'custom', path: [i], message: `tag "${t}" appears twice` });
        });
      }),
    createdAt: timestamp,
    updatedAt: timestamp,
    author: z.string().regex(USER_NAME, 'not a user name').optional().describe("who wrote it, in team mode (a user's name); absent in single-user mode"),
  })
  .superRefine((note, ctx) => {
    if (note.end !== undefined && note.end <= note.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: `ends at ${note.end}s, not after its start (${note.start}s)` });
  });

/** The JSON export file (`format: "panelnotes-notes"`), as written and as read back. */
export const exportSchema = z
  .strictObject({
    format: z.literal('panelnotes-notes'),
    version: z.literal(1),
    exportedAt: timestamp,
    videoId: videoIdField,
    title: z.string(),
    url: z.url({ error: 'not a URL' }).optional(),
    notes: z.array(noteSchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.notes.forEach((note, i) => {
      if (note.videoId !== file.videoId)
        ctx.addIssue({ code: 'custom', path: ['notes', i, 'videoId'], message: `${note.videoId} is not this export's video (${file.videoId})` });
      const first = seen.get(note.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['notes', i, 'id'], message: `${note.id} is also notes[${first}]'s id` });
      else seen.set(note.id, i);
    });
  }) satisfies z.ZodType<NotesExport>;

/**
 * Reads a JSON notes export back, validating every field; nothing is truncated or repaired.
 *
 * @example parseNotesImport(readFileSync('talk.notes.json', 'utf8'), 'talk.notes.json') // NotesExport
 * @throws PanelnotesError USAGE for another of our export formats (Markdown, WebVTT, Web
 *   Annotation), FILE_UNREADABLE for anything else that is not a valid version 1 JSON export;
 *   the message names the file and the first problem (`talk.notes.json: notes[3].text: …`)
 */
export function parseNotesImport(text: string, fileName: string): NotesExport {
  const content = text.replace(/^\uFEFF/, '');
  if (!content.trim()) throw new PanelnotesError('FILE_UNREADABLE', `${fileName} is empty`);
  const other = otherExportFormat(content);
  if (other) {
    throw new PanelnotesError(
      'USAGE',
      `${fileName} is a ${other} export; only the JSON export can be imported`,
      'export the notes again with the json format and import that file',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    // Not V8's message: it quotes the file, which may be something else entirely (a secret).
    throw new PanelnotesError('FILE_UNREADABLE', `${fileName} is ${describeJsonError(error, content)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || (data as { format?: unknown }).format !== 'panelnotes-notes') {
    throw new PanelnotesError('FILE_UNREADABLE', `${fileName} is not a panelnotes notes export (it has no "format": "panelnotes-notes")`);
  }
  const version = (data as { version?: unknown }).version;
  if (version !== 1) {
    throw new PanelnotesError(
      'FILE_UNREADABLE',
      `${fileName}: version ${JSON.stringify(version) ?? 'missing'} is not one this panelnotes reads (it reads version 1)`,
    );
  }
  const result = exportSchema.safeParse(data, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : undefined),
  });
  if (!result.success) throw new PanelnotesError('FILE_UNREADABLE', `${fileName}: ${describeIssue(result.error)}`);
  return result.data;
}

/**
 * The notes of an import as `by` adds them, in team mode: a person's import is theirs, whatever
 * `author` the file names, so no one can put a teammate's name on a note (nor gain the right to
 * change one through it). An admin's import keeps the file's authors: a team's export put back.
 * Without `by` (single-user mode) the notes are as the file has them.
 *
 * @example importedBy([{ …, author: 'ada' }], { name: 'bob' }) // [{ …, author: 'bob' }]
 */
export function importedBy(notes: Note[], by?: { name: string; admin?: boolean }): Note[] {
  if (!by || by.admin) return notes;
  return notes.map((note) => ({ ...note, author: by.name }));
}

/** Which of our other export formats the text is, if any. */
function otherExportFormat(text: string): string | undefined {
  const head = text.trimStart();
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(head)) return 'WebVTT';
  if (/^# /.test(head)) return 'Markdown';
  if (head.startsWith('{') && /"@context"\s*:\s*"http:\/\/www\.w3\.org\/ns\/anno\.jsonld"/.test(head.slice(0, 500))) return 'Web Annotation';
  return undefined;
}
