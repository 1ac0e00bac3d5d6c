import type { Segment } from '../server/transcript/types.js';
import { roundMs } from '../server/time.js';
import type { Passage } from './types.js';

export interface PassageOptions {
  /** A passage ends at the first good break after this many seconds… */
  minSeconds: number;
  /** …and at the best break before this many, whatever it is. */
  maxSeconds: number;
}

const DEFAULTS: PassageOptions = { minSeconds: 15, maxSeconds: 40 };
const SENTENCE_END = /[.?!…]["')\]]*$/;

/**
 * Merges caption segments into passages a reader can take in at a glance.
 *
 * Segments are whole words, so a cut between two of them is never mid-word. Within the
 * 15–40 s window, the cut goes where the speaker most likely paused: a sentence end counts
 * most (where the captions have punctuation at all), then the longest silence. A change of
 * speaker (a voice tag or a `>>` marker) always starts a new passage.
 *
 * @example toPassages('abc', segments) // [{ start: 0.6, end: 31.2, text: '…', segments: [0, 9], … }, …]
 */
export function toPassages(videoId: string, segments: readonly Segment[], options: Partial<PassageOptions> = {}): Passage[] {
  const { minSeconds, maxSeconds } = { ...DEFAULTS, ...options };
  const passages: Passage[] = [];
  let first = 0;
  while (first < segments.length) {
    const last = chooseEnd(segments, first, minSeconds, maxSeconds);
    passages.push(makePassage(videoId, passages.length, segments, first, last));
    first = last + 1;
  }
  return passages;
}

/** Index of the last segment of the passage that starts at `first`. */
function chooseEnd(segments: readonly Segment[], first: number, minSeconds: number, maxSeconds: number): number {
  const start = (segments[first] as Segment).start;
  let best = -1;
  let bestScore = -Infinity;
  for (let i = first; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    const next = segments[i + 1];
    if (!next) return i;
    if (speakerChanges(segment, next)) return i;
    const end = segment.start + segment.duration;
    if (next.start + next.duration - start > maxSeconds) return best >= 0 ? best : i;
    if (end - start < minSeconds) continue;
    const pause = next.start - end;
    const score = (SENTENCE_END.test(segment.text) ? 2 : 0) + Math.min(pause, 2);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return segments.length - 1;
}

function speakerChanges(segment: Segment, next: Segment): boolean {
  return next.turn === true || (next.speaker ?? null) !== (segment.speaker ?? null);
}

function makePassage(videoId: string, index: number, segments: readonly Segment[], first: number, last: number): Passage {
  const anchors: number[] = [];
  let text = '';
  for (let i = first; i <= last; i++) {
    const segment = segments[i] as Segment;
    if (text) text += ' ';
    if (segment.words?.length) {
      segment.words.forEach((word, w) => {
        if (w > 0) text += ' ';
        anchors.push(text.length, word.start);
        text += word.text;
      });
    } else {
      anchors.push(text.length, segment.start);
      text += segment.text;
    }
  }
  const lastSegment = segments[last] as Segment;
  return {
    videoId,
    index,
    start: (segments[first] as Segment).start,
    end: roundMs(lastSegment.start + lastSegment.duration),
    text,
    segments: [first, last + 1],
    anchors,
    speaker: (segments[first] as Segment).speaker ?? null,
  };
}

/** The second at which the character at `offset` of the passage was said. */
export function secondAt(passage: Passage, offset: number): number {
  let second = passage.start;
  for (let i = 0; i < passage.anchors.length; i += 2) {
    if ((passage.anchors[i] as number) > offset) break;
    second = passage.anchors[i + 1] as number;
  }
  return second;
}
