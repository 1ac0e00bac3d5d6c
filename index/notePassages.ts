import type { Note } from '../server/notes/types.js';
import type { NotePassage } from './searchIndex.js';

/** Notes as search's documents: a passage each, whose one anchor is the note's moment. */
export function toNotePassages(notes: readonly Note[]): NotePassage[] {
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
  }));
}
