import { escapeHeading, escapeInline, escapeLineStart, markdownUrl } from '../markdown.js';
import { PanelnotesError } from '../errors.js';
import { formatTime, formatVttTime, moment } from '../time.js';
import type { Segment, TranscriptSource } from '../transcript/types.js';
import { noticeLine, sampleCueText, sampleNote } from './sampleMark.js';
import { escapeVtt, vttComment } from './vttText.js';

/**
 * A transcript leaves panelnotes as a file people use elsewhere (Otter, yt-dlp and
 * youtube-transcript-api users expect these):
 *
 * - `txt`: paragraphs led by `[m:ss]` and the speaker, chapters as `== Title (m:ss) ==` lines.
 * - `md`: `#` the title, `##` each chapter, paragraphs led by a timestamp linked to that
 *   second of the video and the speaker in bold; the words escaped (see server/markdown.ts).
 * - `srt`: one cue per segment; a speaker's name as a `Name: ` prefix where the speaker
 *   changes, a change the captions marked without a name as `>> `.
 * - `vtt`: one cue per segment, the speaker as a voice (`<v Name>`), `>> ` as in SRT, and the
 *   language in the header; the title and link in a NOTE block.
 * - `json`: `{format: 'panelnotes-transcript', …, chapters, segments}`; its `segments` are
 *   what the JSON caption importer reads.
 *
 * SRT and WebVTT import back through our own importer with the same words and times (the
 * speaker labels aside). An export of the synthetic sample says so in every format, and the
 * importer reads that back (captions/sampleMark.ts): synthetic text never becomes captions.
 * Everything here is pure: the caller picks the segments (a range) and writes the file.
 */

export const TRANSCRIPT_FORMATS = ['txt', 'md', 'srt', 'vtt', 'json'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** A run of the talk under one title: a chapter's own title where it has one, else its topic's label. */
export interface TitledChapter {
  start: number;
  end: number;
  title: string;
}

export interface TranscriptExportInput {
  videoId: string;
  title: string;
  /** Where the talk is watched, for the header (none for a local talk without a URL). */
  url?: string;
  /** The link to a moment of the talk (see momentUrl). */
  link: (seconds: number) => string;
  language: string;
  source: TranscriptSource;
  notice?: string;
  /** The segments to write, in order, speakers applied. */
  segments: readonly Segment[];
  chapters: readonly TitledChapter[];
  /** The range asked for, in seconds, when not the whole talk. */
  from?: number;
  to?: number;
  exportedAt: Date;
}

export interface ExportedTranscript {
  body: string;
  /** MIME type with charset, for a Content-Type header. */
  contentType: string;
  extension: TranscriptFormat;
}

const CONTENT_TYPES: Record<TranscriptFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * A transcript format named by a person (`?format=`, `--format`).
 * @throws PanelnotesError USAGE naming the formats there are
 */
export function transcriptFormat(value: string): TranscriptFormat {
  if (!(TRANSCRIPT_FORMATS as readonly string[]).includes(value))
    throw new PanelnotesError('USAGE', `no transcript format "${value}"; choose ${TRANSCRIPT_FORMATS.join(', ')}`);
  return value as TranscriptFormat;
}

/**
 * The segments of a range: those that overlap `from`-`to` (either may be left out).
 *
 * @example inRange(segments, 60, 120) // the segments said between 1:00 and 2:00
 */
export function inRange<T extends Pick<Segment, 'start' | 'duration'>>(segments: readonly T[], from?: number, to?: number): T[] {
  return segments.filter((s) => (from === undefined || s.start + s.duration > from || s.start >= from) && (to === undefined || s.start < to));
}

/**
 * Writes a transcript in one of the formats (see the module comment).
 *
 * @example exportTranscript('srt', input).body // '1\n00:00:00,600 --> 00:00:03,904\nokay i think …'
 */
export function exportTranscript(format: TranscriptFormat, input: TranscriptExportInput): ExportedTranscript {
  const body =
    format === 'txt' ? asText(input) : format === 'md' ? asMarkdown(input) : format === 'srt' ? asSrt(input) : format === 'vtt' ? asVtt(input) : asJson(input);
  return { body, contentType: CONTENT_TYPES[format], extension: format };
}

const sample = (input: TranscriptExportInput): string | undefined => (input.source === 'sample' ? noticeLine(input.notice ?? '') : undefined);
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const range = (input: TranscriptExportInput): string =>
  input.from === undefined && input.to === undefined ? '' : ` (${formatTime(input.from ?? 0)} to ${input.to === undefined ? 'the end' : formatTime(input.to)})`;

// ---------------------------------------------------------------------------------------------
// Paragraphs: what the text and Markdown exports are written in

interface Paragraph {
  start: number;
  speaker?: string;
  text: string;
  /** The chapter this paragraph opens, when it opens one. */
  chapter?: TitledChapter;
}

/** A paragraph runs at most this long before the next segment starts a new one, as Otter's do. */
const PARAGRAPH_SECONDS = 60;

/**
 * Segments joined into paragraphs: a new one where the speaker changes (named, or a `>>`),
 * a chapter starts, or the paragraph has run a minute.
 */
function paragraphs(segments: readonly Segment[], chapters: readonly TitledChapter[]): Paragraph[] {
  const out: Paragraph[] = [];
  const sorted = [...chapters].sort((a, b) => a.start - b.start);
  let next = 0;
  let current: Paragraph | undefined;
  for (const segment of segments) {
    let chapter: TitledChapter | undefined;
    while (next < sorted.length && (sorted[next] as TitledChapter).start <= segment.start) chapter = sorted[next++];
    const newSpeaker = segment.turn === true || (segment.speaker ?? '') !== (current?.speaker ?? '');
    if (!current || chapter || newSpeaker || segment.start - current.start >= PARAGRAPH_SECONDS) {
      current = { start: segment.start, text: segment.text, ...(segment.speaker ? { speaker: segment.speaker } : {}), ...(chapter ? { chapter } : {}) };
      out.push(current);
    } else current.text += ` ${segment.text}`;
  }
  return out;
}

function asText(input: TranscriptExportInput): string {
  const notice = sample(input);
  const out = [...(notice ? [`SAMPLE (synthetic, not the real captions): ${notice}`, ''] : []), `${oneLine(input.title) || input.videoId}${range(input)}`];
  if (input.url) out.push(input.url);
  for (const p of paragraphs(input.segments, input.chapters)) {
    if (p.chapter) out.push('', `== ${oneLine(p.chapter.title)} (${formatTime(p.chapter.start)}) ==`);
    out.push('', `[${formatTime(moment(p.start))}] ${p.speaker ? `${oneLine(p.speaker)}: ` : ''}${oneLine(p.text)}`);
  }
  return `${out.join('\n')}\n`;
}

function asMarkdown(input: TranscriptExportInput): string {
  const notice = sample(input);
  const out = [`# ${escapeHeading(oneLine(input.title) || input.videoId)}${range(input)}`];
  if (notice) out.push('', `> **Sample (synthetic, not the real captions).** ${escapeInline(notice)}`);
  if (input.url) out.push('', `[Watch the talk](${markdownUrl(input.url)})`);
  for (const p of paragraphs(input.segments, input.chapters)) {
    if (p.chapter) out.push('', `## ${escapeHeading(oneLine(p.chapter.title))} (${formatTime(p.chapter.start)}–${formatTime(p.chapter.end)})`);
    const who = p.speaker ? ` **${escapeInline(oneLine(p.speaker)).replace(/\*/g, '\\*')}:**` : '';
    out.push('', escapeLineStart(`[${formatTime(moment(p.start))}](${markdownUrl(input.link(p.start))})${who} ${escapeInline(oneLine(p.text))}`));
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Cues: SRT and WebVTT

/** Over the first seconds (of the range), the marked cue saying a sample is one (players show it; our importer drops it). */
const NOTICE_SECONDS = 5;

interface CueLine {
  start: number;
  end: number;
  /** The cue's words as one line, with `>> ` where a new unnamed speaker starts. */
  text: string;
  speaker?: string;
  /** The speaker differs from the cue before's. */
  changed: boolean;
}

/** One cue per segment: words on one line (a line break or blank line in a cue means something else in either format). */
function cueLines(all: readonly Segment[]): CueLine[] {
  // A segment of spaces only would write an empty cue, which ends the cue list in SRT.
  const segments = all.filter((s) => oneLine(s.text) !== '');
  return segments.map((s, i) => ({
    start: moment(s.start),
    end: moment(s.start + s.duration),
    text: `${s.turn ? '>> ' : ''}${oneLine(s.text)}`,
    ...(s.speaker ? { speaker: oneLine(s.speaker) } : {}),
    changed: i === 0 || (s.speaker ?? '') !== (segments[i - 1]?.speaker ?? ''),
  }));
}

/** `hh:mm:ss,mmm`, as SRT writes times. */
const srtTime = (seconds: number): string => formatVttTime(seconds).replace('.', ',');

/** SRT has no escapes of its own; players and our importer read HTML entities, so `<`, `>` and `&` are written as them. */
const escapeSrt = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function asSrt(input: TranscriptExportInput): string {
  const notice = sample(input);
  const blocks: string[] = [];
  const at = input.from ?? 0;
  if (notice) blocks.push(`${srtTime(at)} --> ${srtTime(at + NOTICE_SECONDS)}\n${sampleCueText(notice)}`);
  for (const cue of cueLines(input.segments)) {
    const who = cue.speaker && cue.changed ? `${cue.speaker.replace(/-->/g, '->')}: ` : '';
    // `>> ` stays as it is (the marker); any other `>` is escaped.
    const text = cue.text.startsWith('>> ') ? `>> ${escapeSrt(cue.text.slice(3))}` : escapeSrt(cue.text);
    blocks.push(`${srtTime(cue.start)} --> ${srtTime(cue.end)}\n${escapeSrt(who)}${text}`);
  }
  return `${blocks.map((block, i) => `${i + 1}\n${block}`).join('\n\n')}\n`;
}

function asVtt(input: TranscriptExportInput): string {
  const notice = sample(input);
  const header = [
    'WEBVTT',
    'Kind: captions',
    ...(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*$/.test(input.language) && input.language !== 'und' ? [`Language: ${input.language}`] : []),
  ];
  const blocks = [header.join('\n')];
  blocks.push(['NOTE', vttComment(`${oneLine(input.title) || input.videoId}${range(input)}`), ...(input.url ? [vttComment(input.url)] : [])].join('\n'));
  const at = input.from ?? 0;
  if (notice) blocks.push(sampleNote(notice), `${formatVttTime(at)} --> ${formatVttTime(at + NOTICE_SECONDS)}\n${escapeVtt(sampleCueText(notice))}`);
  for (const cue of cueLines(input.segments)) {
    const voice = cue.speaker ? `<v ${escapeVtt(cue.speaker)}>` : '';
    const text = cue.text.startsWith('>> ') ? `&gt;&gt; ${escapeVtt(cue.text.slice(3))}` : escapeVtt(cue.text);
    blocks.push(`${formatVttTime(cue.start)} --> ${formatVttTime(cue.end)}\n${voice}${text}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// JSON

function asJson(input: TranscriptExportInput): string {
  const file = {
    format: 'panelnotes-transcript',
    version: 1,
    exportedAt: input.exportedAt.toISOString(),
    videoId: input.videoId,
    title: input.title,
    ...(input.url ? { url: input.url } : {}),
    language: input.language,
    source: input.source,
    ...(input.notice ? { notice: input.notice } : {}),
    ...(input.from === undefined ? {} : { from: moment(input.from) }),
    ...(input.to === undefined ? {} : { to: moment(input.to) }),
    chapters: input.chapters.map((c) => ({ start: moment(c.start), end: moment(c.end), title: c.title })),
    segments: input.segments.map((s) => ({
      start: moment(s.start),
      duration: moment(s.duration),
      text: s.text,
      ...(s.speaker ? { speaker: s.speaker } : {}),
      ...(s.turn ? { turn: true } : {}),
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
