import type { Chapter } from '../../index/types.js';
import { PanelnotesError } from '../errors.js';
import { formatTime, formatVttTime as vttTime, moment, roundMs } from '../time.js';
import { escapeHeading, escapeInline, escapeLineStart, markdownUrl } from '../markdown.js';
import { momentUrl } from '../videoId.js';
import { escapeVtt, vttComment } from '../captions/vttText.js';
import { EXPORT_FORMATS, type ExportFormat, type Note, type NotesExport } from './types.js';

/**
 * Notes leave panelnotes in four shapes and come back in one:
 *
 * - `md`: Markdown for Obsidian or a wiki. Notes are grouped under their chapter's heading,
 *   each a list item led by a timestamp link into the video. Note text is plain text, so what
 *   Markdown would read as structure or markup is escaped: at the start of a line whatever
 *   would open a heading, quote, list (`- `, `1. `), rule, setext underline, fence or table row;
 *   anywhere `\`, `<`, `[`, `]`, entity-like `&`, and Obsidian's `%%` comments and `$$` math.
 *   Emphasis and code spans are left alone: they cannot reach past the note's own item.
 *   Continuation lines are indented under the item with their own leading spaces dropped, and
 *   runs of blank lines become one, so a note stays inside its item. Tags close the item as
 *   `#tag`, and the author (team mode) as `*by NAME*`. Notes sit under the chapter they start
 *   in; notes outside every chapter come last.
 * - `json`: a NotesExport, the only shape `parseNotesImport` (import.ts) reads back.
 * - `vtt`: WebVTT, one cue per note (id = note id), lasting to the note's end or 5 s. The text
 *   is WebVTT-escaped (`&`, `<`, `>`; so `-->` is written `--&gt;` and cannot end the cue),
 *   blank and whitespace-only lines are dropped (a blank line would end the cue), and tags
 *   are the cue's last line, `#tag #tag`, so players show them with the text. A note's author
 *   (team mode) is the cue's voice, `<v NAME>`.
 * - `annotation`: a W3C Web Annotation collection (JSON-LD), each note an annotation on the
 *   video with a media-fragment selector `t=start,end`, its tags as tagging bodies and its
 *   author (team mode) as `creator`.
 *
 * In single-user mode notes have no author, and the exports say nothing of one.
 *
 * Everything here is pure: the caller reads and writes files. Every time written goes through
 * `moment` (server/time.ts), which throws on one that is not a finite moment in a video rather
 * than write `NaN` or `Infinity`: notes are checked against their video before they are stored,
 * so reaching it is a bug.
 */

export interface NotesExportInput {
  videoId: string;
  title: string;
  /** Where the talk can be watched (see momentUrl); none for a local talk imported without a URL. */
  url?: string;
  /** Headings of the Markdown export, by their titles. */
  chapters: Chapter[];
  notes: Note[];
  exportedAt: Date;
}

export interface ExportedNotes {
  body: string;
  /** MIME type with charset, for a Content-Type header. */
  contentType: string;
  /** File extension without the dot: `md`, `json`, `vtt`, `jsonld`. */
  extension: string;
}

/**
 * An export format named by a person (`?format=`, `--format`).
 * @throws PanelnotesError USAGE naming the formats there are
 */
export function exportFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value))
    throw new PanelnotesError('USAGE', `no export format "${value}"; choose ${EXPORT_FORMATS.join(', ')}`);
  return value as ExportFormat;
}

/** A note without an end lasts this long as a WebVTT cue. */
export const VTT_DEFAULT_SECONDS = 5;

/**
 * Writes a video's notes in one of the export formats (see the module comment for each).
 *
 * @example exportNotes('md', { videoId, title, url, chapters, notes, exportedAt: new Date() })
 *   // { body: '# Title\n\n[Watch the video](…)…', contentType: 'text/markdown; charset=utf-8', extension: 'md' }
 */
export function exportNotes(format: ExportFormat, input: NotesExportInput): ExportedNotes {
  const notes = sortNotes(input.notes);
  switch (format) {
    case 'md':
      return { body: asMarkdown(input, notes), contentType: 'text/markdown; charset=utf-8', extension: 'md' };
    case 'json':
      return { body: `${JSON.stringify(asJson(input, notes), null, 2)}\n`, contentType: 'application/json; charset=utf-8', extension: 'json' };
    case 'vtt':
      return { body: asVtt(input, notes), contentType: 'text/vtt; charset=utf-8', extension: 'vtt' };
    case 'annotation':
      return {
        body: `${JSON.stringify(asAnnotations(input, notes), null, 2)}\n`,
        // The Web Annotation Protocol's media type.
        contentType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
        extension: 'jsonld',
      };
    default: {
      const unknown: never = format;
      throw new PanelnotesError('USAGE', `unknown export format "${String(unknown)}" (use md, json, vtt or annotation)`);
    }
  }
}

/** By start, then creation time, then id, so every export of the same notes is identical. */
function sortNotes(notes: readonly Note[]): Note[] {
  return [...notes].sort((a, b) => a.start - b.start || compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const lines = (text: string): string[] => text.split(/\r\n|\r|\n/);

// ---------------------------------------------------------------------------------------------
// Markdown

function asMarkdown(input: NotesExportInput, notes: Note[]): string {
  const out: string[] = [`# ${escapeHeading(oneLine(input.title) || input.videoId)}`];
  if (input.url) out.push('', `[Watch the video](${markdownUrl(input.url)})`);
  for (const group of groupByChapter(notes, input.chapters)) {
    const heading = group.chapter
      ? `${escapeHeading(oneLine(group.chapter.title) || group.chapter.topic)} (${formatTime(group.chapter.start)}–${formatTime(group.chapter.end)})`
      : input.chapters.length
        ? 'Other notes'
        : 'Notes';
    out.push('', `## ${heading}`, '');
    for (const note of group.notes) out.push(...markdownItem(note, input.videoId, input.url));
  }
  return `${out.join('\n')}\n`;
}

interface Group {
  chapter?: Chapter;
  notes: Note[];
}

/**
 * Each note goes to the chapter it starts in (a chapter's end belongs to the next one, except
 * the last chapter's); notes outside every chapter come last, under "Other notes".
 */
function groupByChapter(notes: Note[], chapters: Chapter[]): Group[] {
  const sorted = [...chapters].sort((a, b) => a.start - b.start);
  const groups: Group[] = sorted.map((chapter) => ({ chapter, notes: [] }));
  const others: Note[] = [];
  for (const note of notes) {
    const at = sorted.findIndex((c, i) => note.start >= c.start && (note.start < c.end || (i === sorted.length - 1 && note.start === c.end)));
    if (at >= 0) (groups[at] as Group).notes.push(note);
    else others.push(note);
  }
  return [...groups.filter((g) => g.notes.length), ...(others.length ? [{ notes: others }] : [])];
}

function markdownItem(note: Note, videoId: string, url: string | undefined): string[] {
  const link = `[${formatTime(moment(note.start))}](${markdownUrl(momentUrl(videoId, note.start, url))})`;
  const span = note.end !== undefined ? `–${formatTime(moment(note.end))}` : '';
  // Leading spaces are dropped (they would make indented code); runs of blank lines become one.
  const body = lines(note.text.trim())
    .map((line) => line.trim())
    .filter((line, i, all) => line !== '' || all[i - 1] !== '');
  const [first = '', ...rest] = body;
  const item = [`- ${link}${span}${first ? ` ${escapeInline(first)}` : ''}`];
  for (const line of rest) item.push(line ? `  ${escapeLineStart(escapeInline(line))}` : '');
  if (note.tags.length) item.push(`  ${note.tags.map((tag) => `#${tag}`).join(' ')}`);
  if (note.author !== undefined) item.push(`  *by ${escapeInline(note.author)}*`);
  return item;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------
// JSON

function asJson(input: NotesExportInput, notes: Note[]): NotesExport {
  return {
    format: 'panelnotes-notes',
    version: 1,
    exportedAt: input.exportedAt.toISOString(),
    videoId: input.videoId,
    title: input.title,
    ...(input.url ? { url: input.url } : {}),
    // Known fields only, in a fixed order.
    notes: notes.map((n) => ({
      id: n.id,
      videoId: n.videoId,
      start: moment(n.start),
      ...(n.end === undefined ? {} : { end: moment(n.end) }),
      text: n.text,
      tags: [...n.tags],
      createdAt: n.createdAt,
      updatedAt: n.updatedAt,
      ...(n.author === undefined ? {} : { author: n.author }),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// WebVTT

function asVtt(input: NotesExportInput, notes: Note[]): string {
  const header = ['WEBVTT', '', 'NOTE', vttComment(`Notes on ${oneLine(input.title) || input.videoId}`), ...(input.url ? [vttComment(input.url)] : [])];
  const cues = notes.map((note) => {
    const end = note.end !== undefined && note.end > note.start ? note.end : note.start + VTT_DEFAULT_SECONDS;
    const text = lines(note.text)
      .filter((line) => line.trim() !== '')
      .map(escapeVtt);
    if (note.author !== undefined && text.length) text[0] = `<v ${escapeVtt(note.author)}>${text[0] as string}`;
    if (note.tags.length) text.push(note.tags.map((tag) => `#${escapeVtt(tag)}`).join(' '));
    return [...cueId(note.id), `${vttTime(note.start)} --> ${vttTime(end)}`, ...text].join('\n');
  });
  return `${[header.join('\n'), ...cues].join('\n\n')}\n`;
}

/** The cue identifier line, left out when the id could not be one (a line break, `-->`, or read as a block keyword). */
function cueId(id: string): string[] {
  return !id || /[\r\n]|-->/.test(id) || /^(?:NOTE|STYLE|REGION)(?:\s|$)/.test(id) ? [] : [id];
}

// ---------------------------------------------------------------------------------------------
// W3C Web Annotation

function asAnnotations(input: NotesExportInput, notes: Note[]): object {
  // An IRI for the talk: its page where it has one, else a name only this library resolves.
  const source = input.url ?? `urn:panelnotes:${input.videoId}`;
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    label: `Notes on ${oneLine(input.title) || input.videoId}`,
    total: notes.length,
    first: {
      type: 'AnnotationPage',
      startIndex: 0,
      items: notes.map((note) => ({
        id: `urn:uuid:${note.id}`,
        type: 'Annotation',
        motivation: 'commenting',
        created: note.createdAt,
        modified: note.updatedAt,
        ...(note.author === undefined ? {} : { creator: { type: 'Person', nickname: note.author } }),
        body: [
          { type: 'TextualBody', value: note.text, format: 'text/plain', purpose: 'commenting' },
          ...note.tags.map((tag) => ({ type: 'TextualBody', value: tag, purpose: 'tagging' })),
        ],
        target: {
          source,
          selector: {
            type: 'FragmentSelector',
            conformsTo: 'http://www.w3.org/TR/media-frags/',
            value: `t=${fragmentSeconds(note.start)}${note.end === undefined ? '' : `,${fragmentSeconds(note.end)}`}`,
          },
        },
      })),
    },
  };
}

/** Media Fragments' NPT seconds: `12`, `12.5`, at most 3 decimals. */
function fragmentSeconds(seconds: number): string {
  return roundMs(moment(seconds))
    .toFixed(3)
    .replace(/\.?0+$/, '');
}
