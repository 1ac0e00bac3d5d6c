import type { NoteRecord, Passage } from './types.js';

/** A note in the shape search treats every document: a passage, with the note's id, tags and author (team mode). */
export interface NotePassage extends Passage {
  noteId: string;
  tags: string[];
  author?: string;
}

/**
 * Notes as search's documents: a passage each, whose one anchor is the note's moment.
 *
 * @example toNotePassages([{ id: 'n1', videoId, start: 42, text: 'see the demo', tags: [] }])[0]
 *   // { videoId, index: 0, start: 42, end: 42, text: 'see the demo', anchors: [0, 42], noteId: 'n1', … }
 */
export function toNotePassages(notes: readonly NoteRecord[]): NotePassage[] {
  return notes.map((note, index) => ({
    videoId: note.videoId,
    index,
    start: note.start,
    end: note.end ?? note.start,
    text: note.text,
    segments: [0, 0],
    anchors: [0, note.start],
    speaker: null,
    noteId: note.id,
    tags: note.tags,
    ...(note.author === undefined ? {} : { author: note.author }),
  }));
}
