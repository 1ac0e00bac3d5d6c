import { PanelnotesError } from '../errors.js';
import { formatTime } from '../time.js';

/**
 * How much one caption file may hold, beyond its size in bytes (ingest/intoLibrary.ts caps those at 20 MB).
 * Twenty megabytes of tiny cues, or of tags opened inside tags, is no video's captions but would
 * cost every later step (segments, passages, the index) time and memory in proportion; a file
 * past any of these is refused at once with CAPTIONS_TOO_COMPLEX, before that work is done.
 *
 * The figures leave real files far behind: a 24-hour livestream of rolling auto-captions has
 * about 70,000 cues over 300,000 lines, and srv3 XML nests 4 deep (`<timedtext><body><p><s>`).
 * (WebVTT cue tags are read by our own linear code, so their nesting needs no limit.)
 */
export const CAPTION_LIMITS = {
  /** Cues the file states, the unusable ones counted too: each costs work before it is known to be bad. */
  cues: 200_000,
  /** Lines of a WebVTT or SRT file (a cue takes 3 to 5). */
  lines: 2_000_000,
  /** From the first cue's start to the last one's end: 24 hours of video. */
  seconds: 24 * 3600,
  /** XML elements open inside one another. */
  nesting: 64,
  /**
   * Characters of caption text once cleaned: a day of fast speech (200 words a minute) is about
   * 1.6 million. Bytes alone do not bound the work: 20 MB of words in one cue is 20 MB of text
   * to index, seconds of CPU and a gigabyte of memory for no talk anyone gave.
   */
  characters: 2_000_000,
} as const;

/**
 * The error for a file past one of the limits, saying which and by how much; parseCaptions
 * names the file in it.
 *
 * @example new TooComplexError('250,000 cues; at most 200,000 are accepted', 'talk.srt').message
 *   // 'caption file too complex: talk.srt: 250,000 cues; at most 200,000 are accepted'
 */
export class TooComplexError extends PanelnotesError {
  constructor(
    readonly detail: string,
    fileName?: string,
  ) {
    super(
      'CAPTIONS_TOO_COMPLEX',
      `caption file too complex: ${fileName ? `${fileName}: ` : ''}${detail}`,
      `accepted: up to ${CAPTION_LIMITS.cues.toLocaleString('en')} cues, ${CAPTION_LIMITS.lines.toLocaleString('en')} lines ` +
        `and ${CAPTION_LIMITS.characters.toLocaleString('en')} characters of text, within ${CAPTION_LIMITS.seconds / 3600} hours, ` +
        `XML nested up to ${CAPTION_LIMITS.nesting} deep`,
    );
  }
}

function tooComplex(detail: string): TooComplexError {
  return new TooComplexError(detail);
}

/**
 * Refuses a file that states more cues than CAPTION_LIMITS.cues, as soon as the count is known;
 * `counted: 'so far'` where the parser stops counting at the first one too many.
 */
export function checkCueCount(count: number, what = 'cues', counted: 'all' | 'so far' = 'all'): void {
  if (count <= CAPTION_LIMITS.cues) return;
  const limit = CAPTION_LIMITS.cues.toLocaleString('en');
  throw tooComplex(`${counted === 'all' ? count.toLocaleString('en') : `more than ${limit}`} ${what}; at most ${limit} are accepted`);
}

/**
 * Number of lines in `text`, counted without splitting it, so a file of millions of empty lines
 * is refused before it becomes an array of millions of strings.
 */
export function checkLineCount(text: string): void {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  // A lone CR ends a line too (old Mac files); CRLF was counted at its LF.
  if (text.includes('\r')) for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) if (text[at + 1] !== '\n') lines++;
  if (lines > CAPTION_LIMITS.lines) throw tooComplex(`${lines.toLocaleString('en')} lines; at most ${CAPTION_LIMITS.lines.toLocaleString('en')} are accepted`);
}

/**
 * Refuses cues spread over more than CAPTION_LIMITS.seconds, from the first cue's start to the
 * last one's end. A span, not an end time: HLS captions count from the stream's clock and
 * start at hours like 1088:42:00, and srv3 files have cues past 24:00:00.
 */
export function checkTimeline(cues: readonly { start: number; end: number }[]): void {
  let first = Infinity;
  let last = 0;
  for (const cue of cues) {
    first = Math.min(first, cue.start);
    last = Math.max(last, cue.end);
  }
  if (last - first > CAPTION_LIMITS.seconds)
    throw tooComplex(
      `cues span ${formatTime(last - first)} (from ${formatTime(first)} to ${formatTime(last)}); at most ${CAPTION_LIMITS.seconds / 3600} hours are accepted`,
    );
}

/** Refuses segments holding more than CAPTION_LIMITS.characters of text. */
export function checkTextLength(segments: readonly { text: string }[]): void {
  let characters = 0;
  for (const segment of segments) characters += segment.text.length;
  if (characters > CAPTION_LIMITS.characters)
    throw tooComplex(
      `${characters.toLocaleString('en')} characters of text; at most ${CAPTION_LIMITS.characters.toLocaleString('en')} (about 24 hours of speech) are accepted`,
    );
}

/** Refuses markup opened `depth` deep, past CAPTION_LIMITS.nesting. */
export function checkNesting(depth: number, what: string): void {
  if (depth > CAPTION_LIMITS.nesting) throw tooComplex(`${what} nested more than ${CAPTION_LIMITS.nesting} deep`);
}

const QUOTED = 60;

/**
 * A piece of the file short enough to repeat in a message: a "bad timing" line may be megabytes.
 *
 * @example excerpt('x'.repeat(1000)) // the first 60 characters and an ellipsis
 */
export function excerpt(text: string): string {
  return text.length <= QUOTED ? text : `${text.slice(0, QUOTED)}…`;
}
