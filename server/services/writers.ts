import { PanelnotesError } from '../errors.js';

/**
 * Who makes a write, in team mode (the routes pass `res.locals.user`, the CLI the user of its
 * token): recorded as the author of what they add; they change and delete their own notes, an
 * admin anyone's. Absent in single-user mode, where nothing is recorded or checked.
 */
export interface Writer {
  name: string;
  admin?: boolean;
}

/** What a change or a delete of a note may say besides the change: who makes it, and the version of the note they saw. */
export interface NoteWrite {
  by?: Writer | undefined;
  /** The note's `updatedAt` as the writer saw it: when it has changed since, the write is refused (CONFLICT, 409). */
  expectedUpdatedAt?: string | undefined;
}

/**
 * In team mode a person changes, deletes and restores their own notes and speaker turns; an
 * admin anyone's. Something from before team mode (no author) is an admin's to change.
 *
 * @example mayChange(note, { name: 'bob' }, `note ${note.id}`) // throws when note.author is 'ada'
 * @param what how the message names it (`note 3f2a…`, `speaker turn 9c1e…`)
 * @throws PanelnotesError FORBIDDEN
 */
export function mayChange(thing: { author?: string }, by: Writer | undefined, what: string): void {
  if (!by || by.admin || thing.author === by.name) return;
  throw new PanelnotesError(
    'FORBIDDEN',
    `${what} is ${thing.author === undefined ? 'from before team mode' : `${thing.author}'s`}; only its author or an admin may change or delete it`,
  );
}
