import type { SpeakerTurn } from '../notes/types.js';

/**
 * Where a passage's or a result's speaker comes from: a suggested turn nobody has confirmed,
 * or a person (a turn set by hand or confirmed, or the captions' own voice). Search and the
 * transcript page show the name either way and mark the suggested ones.
 */

/**
 * Whether the speaker `name` shown over `start`–`end` comes from a suggestion not yet confirmed:
 * the turn of that name overlapping the stretch most is one.
 *
 * @example isSuggestedSpeaker(turns, 60, 90, 'Ana Ruiz') // true while Ana's turn there is only suggested
 */
export function isSuggestedSpeaker(turns: readonly SpeakerTurn[], start: number, end: number, name: string | null): boolean {
  if (name === null) return false;
  let best: SpeakerTurn | undefined;
  let most = -Infinity;
  for (const t of turns) {
    if (t.name !== name) continue;
    const overlap = Math.min(end, t.end) - Math.max(start, t.start);
    if (overlap > most) {
      best = t;
      most = overlap;
    }
  }
  return best !== undefined && most >= 0 && best.suggested === true;
}

/**
 * Search results with `speakerSuggested: true` on those whose speaker is only suggested.
 * `turnsOf` gives a video's turns (each video read once).
 */
export function markSuggested<R extends { kind: string; videoId: string; start: number; end: number; speaker: string | null }>(
  results: readonly R[],
  turnsOf: (videoId: string) => readonly SpeakerTurn[],
): (R & { speakerSuggested?: true })[] {
  const read = new Map<string, readonly SpeakerTurn[]>();
  return results.map((r) => {
    if (r.kind !== 'transcript' || r.speaker === null) return r;
    let turns = read.get(r.videoId);
    if (!turns) read.set(r.videoId, (turns = turnsOf(r.videoId)));
    return isSuggestedSpeaker(turns, r.start, r.end, r.speaker) ? { ...r, speakerSuggested: true as const } : r;
  });
}
