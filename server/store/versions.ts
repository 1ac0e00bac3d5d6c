import { PanelnotesError } from '../errors.js';
import type { Note, NotePatch } from '../notes/types.js';

/**
 * The versions of a note, as both engines keep them (issue 16): every change moves `updatedAt`,
 * and a change made on a version that has changed since is refused with the note as it stands.
 * This is what makes "two people editing one note" a defined outcome, whichever engine holds it.
 */

/**
 * A change's `updatedAt`: now, or a millisecond past the one before when the clock says no later
 * (two edits in one millisecond, a clock set back, instances whose clocks differ), so every
 * change moves it and a writer holding the old one is always told that it is stale.
 *
 * @example nextStamp('2026-01-01T00:00:00.000Z', new Date('2025-12-31T00:00:00Z')) // '2026-01-01T00:00:00.001Z'
 */
export function nextStamp(before: string, now: Date): string {
  const previous = Date.parse(before);
  return (Number.isNaN(previous) || now.getTime() > previous ? now : new Date(previous + 1)).toISOString();
}

/**
 * The note as it stands when it is the version the writer saw (`expectedUpdatedAt`, when given),
 * read inside the write's transaction.
 * @throws PanelnotesError NOT_FOUND when there is none, CONFLICT when it changed since (see staleWrite)
 */
export function currentVersion(id: string, note: Note | undefined, expectedUpdatedAt: string | undefined): Note {
  if (!note) throw new PanelnotesError('NOT_FOUND', `no note ${id}`);
  if (expectedUpdatedAt !== undefined && expectedUpdatedAt !== note.updatedAt) throw staleWrite(note, expectedUpdatedAt);
  return note;
}

/**
 * The refusal of a change made on a version of a note that has changed since (by someone else,
 * in another tab or on another instance): nothing is written, and the note as it now stands goes
 * back with the error, so no update is lost without a trace.
 */
export function staleWrite(current: Note, seen: string): PanelnotesError {
  return new PanelnotesError(
    'CONFLICT',
    `note ${current.id} was changed at ${current.updatedAt}, after the version you saw (${seen}); nothing was saved`,
    'look at the note as it is now and make your change again',
    { current },
  );
}

/**
 * A note with a patch applied, at its next version; an end given as undefined is taken away.
 * @throws PanelnotesError USAGE when the note would end before it starts
 */
export function patched(current: Note, patch: NotePatch, now: Date): Note {
  const next: Note = { ...current, ...patch, updatedAt: nextStamp(current.updatedAt, now) };
  if (patch.end === undefined && 'end' in patch) delete next.end;
  if (next.end !== undefined && next.end <= next.start) throw new PanelnotesError('USAGE', 'a note must end after it starts', undefined, { field: 'end' });
  return next;
}
