import { secondInPiece, underWay, utteranceBreaks, type Break } from './breaks.js';
import { roundMs } from './time.js';
import type { Cut, Passage, Segment } from './types.js';

/**
 * Passages: the documents search indexes and shows, cut from a transcript's segments where the
 * speaker most likely paused, and the second at which any of their characters was said.
 */

export interface PassageOptions {
  /** A passage ends at the first good break after this many seconds… */
  minSeconds: number;
  /** …and at the best break before this many, whatever it is. */
  maxSeconds: number;
  /** …and before its text would pass this many characters, however little time that took. */
  maxChars: number;
}

/**
 * Forty seconds of fast speech (200 words a minute) is about 750 characters; the sample's
 * longest passage has 505. A passage longer than this is not speech a reader takes in at a
 * glance: it is a caption file with a whole talk in one cue, or thousands of cues in a minute.
 */
export const PASSAGE_MAX_CHARS = 1000;

const DEFAULTS: PassageOptions = { minSeconds: 15, maxSeconds: 40, maxChars: PASSAGE_MAX_CHARS };
const SENTENCE_END = /[.?!…]["')\]]*$/;

/**
 * What passages are made of: a segment, or a stretch of one too long to be a passage itself.
 * `anchors` are offsets into `text` with the second said there, as in Passage.
 */
interface Piece {
  /** Index of the segment it comes from. */
  segment: number;
  start: number;
  end: number;
  text: string;
  anchors: number[];
  speaker: string | null;
  turn: boolean;
  /** A chapter starts here: the passage before ends, whatever the time. */
  cut: boolean;
}

/**
 * Merges caption segments into passages a reader can take in at a glance.
 *
 * Segments are whole words, so a cut between two of them is never mid-word. Within the
 * 15–40 s window, the cut goes where the speaker most likely paused: a sentence end counts
 * most (where the captions have punctuation at all), then the longest silence. A change of
 * speaker (a voice tag or a `>>` marker) always starts a new passage. However the captions
 * are timed, no passage holds more than `maxChars` characters: a segment longer than that is
 * first cut into pieces (see `cutSegment`), and a passage ends before a piece would take it
 * over. A passage also starts at each of `cuts` (where chapters start), so none straddles two.
 *
 * @example toPassages('abc', segments) // [{ start: 0.6, end: 31.2, text: '…', segments: [0, 9], … }, …]
 */
export function toPassages(videoId: string, segments: readonly Segment[], options: Partial<PassageOptions> = {}, cuts: readonly Cut[] = []): Passage[] {
  const { minSeconds, maxSeconds, maxChars } = { ...DEFAULTS, ...options };
  const cutsBySegment = new Map<number, number[]>();
  for (const { segment, offset } of cuts)
    cutsBySegment.set(
      segment,
      [...(cutsBySegment.get(segment) ?? []), offset].sort((a, b) => a - b),
    );
  const pieces = segments.flatMap((segment, i) => cutSegment(segment, i, maxChars, cutsBySegment.get(i) ?? []));
  const breaks = utteranceBreaks(pieces);
  const passages: Passage[] = [];
  let first = 0;
  while (first < pieces.length) {
    const last = chooseEnd(pieces, first, minSeconds, maxSeconds, maxChars);
    passages.push(makePassage(videoId, passages.length, pieces, breaks, first, last));
    first = last + 1;
  }
  return passages;
}

/** Index of the last piece of the passage that starts at `first`. */
function chooseEnd(pieces: readonly Piece[], first: number, minSeconds: number, maxSeconds: number, maxChars: number): number {
  const start = (pieces[first] as Piece).start;
  let best = -1;
  let bestScore = -Infinity;
  let chars = 0;
  for (let i = first; i < pieces.length; i++) {
    const piece = pieces[i] as Piece;
    const next = pieces[i + 1];
    chars += (i > first ? 1 : 0) + piece.text.length;
    if (!next) return i;
    if (next.turn || next.cut || next.speaker !== piece.speaker) return i;
    if (next.end - start > maxSeconds || chars + 1 + next.text.length > maxChars) return best >= 0 ? best : i;
    if (piece.end - start < minSeconds) continue;
    const pause = next.start - piece.end;
    const score = (SENTENCE_END.test(piece.text) ? 2 : 0) + Math.min(pause, 2);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return pieces.length - 1;
}

/**
 * A segment as pieces of at most `maxChars` characters that each start no earlier than a cut:
 * itself, unless its text is longer or a chapter starts inside it. The one rule for a long
 * segment: it is cut at the last space before the limit (mid-word only where a single "word" is
 * longer than that). Each piece starts at the second of a timed word that begins it, else at the
 * stretch of the segment's time that its characters are of its text: a piece starting at 40%
 * of the text starts 40% into the segment. So the pieces follow each other, inside the
 * segment, in order. Timed words keep their own seconds as anchors.
 *
 * @example cutSegment({ start: 0, duration: 100, text: '<2,500 characters>' }, 0, 1000, [])
 *   // three pieces: 0–40 s, 40–80 s, 80–100 s (about, as the spaces fall)
 */
function cutSegment(segment: Segment, index: number, maxChars: number, cuts: readonly number[]): Piece[] {
  const speaker = segment.speaker ?? null;
  const turn = segment.turn === true;
  const { text, anchors } = segmentText(segment);
  const end = segment.start + segment.duration;
  const inner = cuts.filter((c) => c > 0 && c < text.length);
  if (text.length <= maxChars && !inner.length) return [{ segment: index, start: segment.start, end, text, anchors, speaker, turn, cut: cuts.includes(0) }];

  const secondAtOffset = (offset: number): number => offsetSecond(segment, { text, anchors }, offset);
  const pieces: Piece[] = [];
  const first = skipSpaces(text, 0);
  let from = first;
  let anchor = 0;
  let nextCut = 0;
  while (from < text.length) {
    while (nextCut < inner.length && (inner[nextCut] as number) <= from) nextCut++;
    const to = Math.min(cutAt(text, from, maxChars), trimEnd(text, from, inner[nextCut] ?? text.length));
    const own: number[] = [];
    const start = secondAtOffset(from);
    // Timed words before this piece still tell when its first characters were said.
    while (anchor + 2 < anchors.length && (anchors[anchor + 2] as number) <= from) anchor += 2;
    if ((anchors[anchor] as number) < from) own.push(0, Math.max(start, anchors[anchor + 1] as number));
    for (let k = anchor; k < anchors.length && (anchors[k] as number) < to; k += 2)
      if ((anchors[k] as number) >= from) own.push((anchors[k] as number) - from, anchors[k + 1] as number);
    const next = skipSpaces(text, to);
    pieces.push({
      segment: index,
      start,
      end: next >= text.length ? end : secondAtOffset(next),
      text: text.slice(from, to),
      anchors: own,
      speaker,
      turn: turn && from === 0,
      cut: cuts.includes(from) || (from === first && cuts.includes(0)),
    });
    from = next;
  }
  // Only spaces (captions are cleaned, so this is a hand-made file): kept, but no longer than a passage.
  return pieces.length
    ? pieces
    : [{ segment: index, start: segment.start, end, text: text.slice(0, maxChars), anchors: [0, segment.start], speaker, turn, cut: cuts.includes(0) }];
}

/** `to`, moved back over the spaces before it (a piece never ends in spaces). */
function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && SPACE.test(text[end - 1] as string)) end--;
  return end;
}

/**
 * A segment's text as passages hold it: its timed words joined by spaces where it has them
 * (so each word keeps its second), else its text. Offsets into a segment (chapter cuts,
 * anchors) are offsets into this text.
 *
 * @example segmentText({ start: 3, duration: 2, text: 'a b', words: [{ start: 3, text: 'a' }, { start: 4, text: 'b' }] })
 *   // { text: 'a b', anchors: [0, 3, 2, 4] }
 */
export function segmentText(segment: Segment): { text: string; anchors: number[] } {
  if (!segment.words?.length) return { text: segment.text, anchors: [0, segment.start] };
  let text = '';
  const anchors: number[] = [];
  for (const word of segment.words) {
    if (text) text += ' ';
    anchors.push(text.length, word.start);
    text += word.text;
  }
  return { text, anchors };
}

/**
 * When the word at `offset` of a segment's text (segmentText) was said: its own time where the
 * words are timed, else the share of the segment's time that comes before it.
 *
 * @example offsetSecond({ start: 10, duration: 4, text: 'ab cd' }, segmentText(…), 3) // 12.4
 */
export function offsetSecond(segment: Segment, { text, anchors }: { text: string; anchors: readonly number[] }, offset: number): number {
  if (offset <= 0) return segment.start;
  for (let k = 0; k < anchors.length; k += 2) if (anchors[k] === offset) return anchors[k + 1] as number;
  return roundMs(segment.start + (segment.duration * offset) / text.length);
}

const SPACE = /\s/;

/** Where the piece that starts at `from` ends: after its last whole word that fits, else at the limit. */
function cutAt(text: string, from: number, maxChars: number): number {
  const limit = from + maxChars;
  if (limit >= text.length) return text.length;
  // A space in the later half: pieces never shrink to a word or two.
  for (let i = limit; i > from + maxChars / 2; i--) {
    if (SPACE.test(text[i] as string)) {
      let end = i;
      while (end > from && SPACE.test(text[end - 1] as string)) end--;
      return end;
    }
  }
  // One "word" longer than a passage: cut it, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && SPACE.test(text[i] as string)) i++;
  return i;
}

function makePassage(videoId: string, index: number, pieces: readonly Piece[], breaks: readonly Break[][], first: number, last: number): Passage {
  const anchors: number[] = [];
  // What was under way at the passage's start, where it began shortly before (see Passage.utterances).
  const utterances: number[] = [];
  for (const { second, level } of underWay(pieces, breaks, first)) addUtterance(utterances, 0, second, level);
  let text = '';
  for (let i = first; i <= last; i++) {
    const piece = pieces[i] as Piece;
    if (text) text += ' ';
    for (let k = 0; k < piece.anchors.length; k += 2) anchors.push(text.length + (piece.anchors[k] as number), piece.anchors[k + 1] as number);
    for (const { offset, level } of breaks[i] as Break[])
      if (i > first || offset > 0) addUtterance(utterances, text.length + offset, secondInPiece(piece, offset), level);
    text += piece.text;
  }
  const head = pieces[first] as Piece;
  const tail = pieces[last] as Piece;
  return {
    videoId,
    index,
    start: head.start,
    end: roundMs(tail.end),
    text,
    segments: [head.segment, tail.segment + 1],
    anchors,
    utterances: utterances.slice(), // exactly as long as it is: a list grown by push keeps room for 17 numbers
    speaker: head.speaker,
  };
}

/**
 * Adds an utterance start to a passage's `[offset, second, level, …]`. One that begins at the
 * same second as the one before (two sentences in one untimed cue) adds nothing a link could
 * use: the earlier stands, at the stronger level of the two.
 */
function addUtterance(utterances: number[], offset: number, second: number, level: number): void {
  const n = utterances.length;
  if (n && utterances[n - 2] === second) utterances[n - 1] = Math.max(utterances[n - 1] as number, level);
  else utterances.push(offset, second, level);
}

/** The second at which the character at `offset` of the passage was said. */
export function secondAt(passage: Pick<Passage, 'start' | 'anchors'>, offset: number): number {
  let second = passage.start;
  for (let i = 0; i < passage.anchors.length; i += 2) {
    if ((passage.anchors[i] as number) > offset) break;
    second = passage.anchors[i + 1] as number;
  }
  return second;
}

/**
 * Index of the passage playing at `seconds` (the last one once the talk is over).
 *
 * @example passageAt({ passages }, 95) // 3, when passage 3 runs from 80 s to 110 s
 */
export function passageAt(video: { passages: readonly Pick<Passage, 'end'>[] }, seconds: number): number {
  // Passages follow each other, so their ends rise: the first that ends after `seconds`, found
  // by halving (a page lays out thousands of notes).
  const { passages } = video;
  let lo = 0;
  let hi = passages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seconds < (passages[mid] as Pick<Passage, 'end'>).end) hi = mid;
    else lo = mid + 1;
  }
  return lo < passages.length ? lo : Math.max(0, passages.length - 1);
}
