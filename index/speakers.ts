import type { Segment } from './types.js';

/** Speakers: the turns people assign, applied to the segments before passages are cut. */

/** Who speaks from `start` to `end`, as a person assigned it. */
export interface Turn {
  start: number;
  end: number;
  name: string;
}

/**
 * Gives each segment the speaker of the turn it overlaps most. Segments no turn touches keep
 * what the captions said (a `<v Name>` voice), so assigned turns refine, never erase, a file's
 * own voices. Later turns win over earlier ones where they overlap equally: the last word a
 * person gave is what they meant.
 *
 * @example withSpeakers(segments, [{ start: 60, end: 120, name: 'Ann' }])
 */
export function withSpeakers(segments: readonly Segment[], turns: readonly Turn[]): Segment[] {
  if (!turns.length) return [...segments];
  return segments.map((segment) => {
    const end = segment.start + segment.duration;
    let best: Turn | undefined;
    let bestOverlap = 0;
    for (const turn of turns) {
      const overlap = Math.min(end, turn.end) - Math.max(segment.start, turn.start);
      if (overlap > 0 && overlap >= bestOverlap) {
        best = turn;
        bestOverlap = overlap;
      }
    }
    return best ? { ...segment, speaker: best.name } : segment;
  });
}
