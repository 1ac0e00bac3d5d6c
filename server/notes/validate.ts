import { z } from 'zod';
import { PanelnotesError } from '../errors.js';
import { formatTime, parseTime } from '../time.js';
import { codedIssue, describeIssue, errorCodeOf } from '../zodIssues.js';
import { tagField } from './tags.js';
import { MAX_TAGS, NOTE_MAX_CHARS, TAG_MAX_CHARS, type Note, type NotePatch } from './types.js';

/**
 * Reading notes and speaker spans from people (forms, JSON, the command line), once, at the
 * edge, with messages that say which field is wrong and how. Nothing is truncated.
 */
/**
 * Notes and speaker spans may reach this far past the video's end: captions often run a little
 * past YouTube's length, and "the end" is rarely typed to the second.
 */
export const PAST_END_SECONDS = 5;

// The `.meta()` and `.describe()` calls below only describe the rules in the OpenAPI document
// (server/contracts/); they check nothing.
const time = z
  .union([z.number().meta({ minimum: 0 }), z.string().describe('seconds, m:ss or h:mm:ss')])
  .transform((value, ctx) => {
    try {
      const seconds = typeof value === 'number' ? value : parseTime(value);
      if (!Number.isFinite(seconds) || seconds < 0) throw new Error('negative');
      return seconds;
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a time: ${JSON.stringify(value)} (seconds, m:ss or h:mm:ss)` });
      return z.NEVER;
    }
  })
  .describe(`from 0 to ${PAST_END_SECONDS} s past the video's duration (see GET /api/videos/{id}); otherwise 400 USAGE, naming the video's length`);

/** NUL is no character of any text a person writes, and PostgreSQL cannot keep it in text: refused in both engines alike. */
export const NUL_MESSAGE = 'text cannot hold a NUL character (\\u0000)';

const text = z
  .string({ error: 'text is required' })
  .transform((t) => t.replace(/\r\n?/g, '\n').trim())
  .superRefine((t, ctx) => {
    if (!t.length) ctx.addIssue({ code: 'custom', message: 'a note needs some text' });
    else if (t.includes('\u0000')) ctx.addIssue({ code: 'custom', message: NUL_MESSAGE });
    else if (t.length > NOTE_MAX_CHARS)
      ctx.addIssue(
        codedIssue('FILE_TOO_LARGE', `a note holds at most ${NOTE_MAX_CHARS.toLocaleString('en')} characters; this one has ${t.length.toLocaleString('en')}`),
      );
  })
  .meta({ maxLength: NOTE_MAX_CHARS, description: `plain text, trimmed; more than ${NOTE_MAX_CHARS.toLocaleString('en')} characters is 413` });

/** Tags as a list, or one string separated by commas or spaces (a form field). */
const tags = z
  .union([z.array(z.string()).meta({ maxItems: MAX_TAGS }), z.string().transform((s) => s.split(/[\s,]+/).filter(Boolean))])
  .pipe(z.array(tagField))
  .transform((list) => [...new Set(list)])
  .refine((list) => list.length <= MAX_TAGS, `at most ${MAX_TAGS} tags`)
  .describe(
    `a list, or one string separated by commas or spaces; each a word of letters, digits, - or _ (at most ${TAG_MAX_CHARS}), ` +
      `a leading # and case ignored; at most ${MAX_TAGS} once repeats are dropped`,
  );

const optionalEnd = z
  .union([time, z.literal('').transform(() => undefined), z.null().transform(() => undefined)])
  .optional()
  .describe('null or "" (or leaving it out) means no end, a note at a moment; in a change, null or "" removes the end');

/** A new note (API, forms, CLI): the rule, and the request body the OpenAPI document shows. */
export const noteBody = z
  .object({ start: time, end: optionalEnd, text, tags: tags.optional() })
  .refine((n) => n.end === undefined || n.end > n.start, { message: 'a note must end after it starts', path: ['end'] });

/**
 * A change to a note: any of its fields, and optionally the note's `updatedAt` as the writer saw
 * it (the edit form sends it): when the note has changed since, nothing is changed (409).
 */
export const patchBody = z
  .object({
    start: time.optional(),
    end: optionalEnd,
    text: text.optional(),
    tags: tags.optional(),
    updatedAt: z.iso
      .datetime({ offset: true, error: 'not an ISO timestamp' })
      .optional()
      .describe("the note's updatedAt as last seen: if the note changed since, nothing is changed and the answer is 409 CONFLICT with the note as it is now"),
  })
  .refine(({ updatedAt: _seen, ...n }) => Object.values(n).some((v) => v !== undefined) || 'end' in n, 'nothing to change: give start, end, text or tags')
  .meta({ minProperties: 1 });

/** A speaker's name: trimmed, 1 to 100 characters. */
export const speakerName = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => s.length > 0 && s.length <= 100, 'a speaker needs a name of 1 to 100 characters')
  .refine((s) => !s.includes('\u0000'), NUL_MESSAGE)
  .meta({ minLength: 1, maxLength: 100, description: 'trimmed' });

/** A moment of a video, as seconds or as people write it (`90`, `1:30`, `1:01:30`). */
export { time as momentField };

/** A speaker span: who speaks from start to end. */
export const turnBody = z
  .object({
    start: time,
    end: time,
    name: speakerName,
  })
  .refine((t) => t.end > t.start, { message: 'a speaker span must end after it starts', path: ['end'] });

export function parseNoteBody(body: unknown): { start: number; end?: number; text: string; tags?: string[] } {
  return strip(check(noteBody, body));
}

/** A change to a note, and the version of the note the writer saw (when they said). */
export function parseNotePatch(body: unknown): { patch: NotePatch; updatedAt?: string } {
  const { updatedAt, ...patch } = check(patchBody, body);
  return { patch, ...(updatedAt === undefined ? {} : { updatedAt }) };
}

export function parseTurnBody(body: unknown): { start: number; end: number; name: string } {
  return check(turnBody, body);
}

/** `body` checked by `schema`, or a PanelnotesError saying what is wrong (USAGE unless an issue carries its code). */
export function check<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const field = result.error.issues[0]?.path[0];
  throw new PanelnotesError(errorCodeOf(result.error, 'USAGE'), describeIssue(result.error), undefined, typeof field === 'string' ? { field } : {});
}

/** Drops keys whose value is undefined, so an absent end stays absent. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The one rule for when a note or a speaker span may be, for every way in (API, forms, CLI,
 * imports): its start and end are finite and lie between 0 and PAST_END_SECONDS after the
 * video's end. `length` is the video's (see videoLength).
 *
 * @example checkMoments({ start: 4000 }, 3186.279, 'note')
 *   // throws USAGE "the video is 53:06 long; a note must start between 0:00 and 53:11"
 * @throws PanelnotesError USAGE naming the video's length and the moments allowed
 */
export function checkMoments(span: { start: number; end?: number | undefined }, length: number, what: 'note' | 'speaker span'): void {
  const latest = length + PAST_END_SECONDS;
  for (const [edge, seconds] of [
    ['start', span.start],
    ['end', span.end],
  ] as const) {
    if (seconds === undefined || (Number.isFinite(seconds) && seconds >= 0 && seconds <= latest)) continue;
    throw new PanelnotesError('USAGE', `the video is ${formatTime(length)} long; a ${what} must ${edge} between 0:00 and ${formatTime(latest)}`, undefined, {
      field: edge,
    });
  }
}

/**
 * The notes of an import, checked before anything is written: each on a video of the library
 * (`lengths` has its length) and at a moment inside it. One rule for the server's worker and
 * for the CLI.
 * @throws PanelnotesError NOT_FOUND for a video not in the library; FILE_UNREADABLE naming the
 *   note by its place in `from` (`talk.json: notes[3] (id …): the video is 53:06 long; …`), as
 *   any other bad field of the file
 */
export function checkImport(notes: readonly Note[], lengths: ReadonlyMap<string, number>, from: string): void {
  notes.forEach((note, i) => {
    const length = lengths.get(note.videoId);
    if (length === undefined) throw new PanelnotesError('NOT_FOUND', `no video ${note.videoId} in the library`);
    try {
      checkMoments(note, length, 'note');
    } catch (error) {
      if (error instanceof PanelnotesError) throw new PanelnotesError('FILE_UNREADABLE', `${from}: notes[${i}] (${note.id}): ${error.message}`);
      throw error;
    }
  });
}
