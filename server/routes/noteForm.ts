import { PanelnotesError } from '../errors.js';
import type { Note } from '../notes/types.js';
import { formatTime } from '../time.js';

/** The fields of a note form, as text: what was typed, or a stored note as the form shows it. */
export interface NoteFields {
  start: string;
  end: string;
  text: string;
  tags: string;
}

/** What is wrong, beside the field it concerns (`form` for what concerns no one field). */
export type NoteFieldErrors = Partial<Record<keyof NoteFields | 'form', string>>;

const FIELDS: readonly (keyof NoteFields)[] = ['start', 'end', 'text', 'tags'];

/**
 * A stored note in the form's fields.
 *
 * @example noteFields({ start: 605, end: 615, text: 'x', tags: ['hw'] }) // { start: '10:05', end: '10:15', text: 'x', tags: 'hw' }
 */
export function noteFields(note: Pick<Note, 'start' | 'end' | 'text' | 'tags'>): NoteFields {
  return { start: formatTime(note.start), end: note.end === undefined ? '' : formatTime(note.end), text: note.text, tags: note.tags.join(' ') };
}

/** A posted form's fields as typed, to show again when it is refused (a field sent twice, or not at all, is empty). */
export function typedFields(body: Record<string, unknown>): NoteFields {
  const field = (name: keyof NoteFields): string => (typeof body[name] === 'string' ? body[name] : '');
  return { start: field('start'), end: field('end'), text: field('text'), tags: field('tags') };
}

/**
 * A refusal placed beside its field: the message without the field's name in front, which the
 * label beside it already says (`start: not a time: "soon"` shows as `not a time: "soon"` by
 * the At field). A refusal of no one field shows above the form, as it is.
 *
 * @example fieldErrors(new PanelnotesError('USAGE', 'tags[1]: "a b" is not a tag', undefined, { field: 'tags' })) // { tags: '"a b" is not a tag' }
 */
export function fieldErrors(error: PanelnotesError): NoteFieldErrors {
  const field = FIELDS.find((name) => name === error.field);
  if (!field) return { form: error.message };
  return { [field]: error.message.replace(new RegExp(`^${field}(\\[\\d+\\])?: `), '') };
}
