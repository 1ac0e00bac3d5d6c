import type { SpeakerCue } from '../../index/suggestSpeakers.js';

/** Shapes of what people add to a talk: notes pinned to moments, and who speaks when. */

/** A note at a moment (`start`) or over a span (`start` to `end`), in seconds. */
export interface Note {
  /** Stable id (UUID); an imported note keeps its id, so importing twice adds nothing. */
  id: string;
  videoId: string;
  start: number;
  end?: number;
  /** Plain text, at most NOTE_MAX_CHARS characters; links in it are shown clickable. */
  text: string;
  /** Short words (letters, digits, `-`, `_`), lowercase, no duplicates. */
  tags: string[];
  /** ISO timestamps. `updatedAt` moves with every change: an edit may carry the one it saw (a stale one is a CONFLICT). */
  createdAt: string;
  updatedAt: string;
  /** Who wrote it, in team mode (a user's name); absent in single-user mode and in notes made before. */
  author?: string;
}

/** A note id: a UUID when made here; an imported note keeps its own, which is at least plain enough for a URL path. */
export const NOTE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const NOTE_MAX_CHARS = 10_000;
export const TAG_MAX_CHARS = 32;
export const MAX_TAGS = 20;

/** What a person supplies to create a note; the store adds id and times. */
export interface NoteInput {
  videoId: string;
  start: number;
  end?: number;
  text: string;
  tags?: string[];
}

/** A change to a note: any of these fields. */
export type NotePatch = Partial<Pick<Note, 'start' | 'end' | 'text' | 'tags'>>;

/**
 * Someone speaking from `start` to `end` (seconds): set by a person, or suggested from the
 * captions' cues (`suggested`, with the suggestion's `confidence` and `cues`) until a person
 * confirms it.
 */
export interface SpeakerTurn {
  id: string;
  videoId: string;
  start: number;
  end: number;
  name: string;
  createdAt: string;
  /** Who set it, in team mode (a user's name); absent in single-user mode and in turns made before. */
  author?: string;
  /** Suggested, not yet confirmed by a person. */
  suggested?: true;
  /** How sure the suggestion was, 0 to 1. */
  confidence?: number;
  /** Why it was suggested: the cues, as index/suggestSpeakers.ts found them. */
  cues?: SpeakerCue[];
}

export const EXPORT_FORMATS = ['md', 'json', 'vtt', 'annotation'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The JSON export: everything, for backup and for `notes import`. */
export interface NotesExport {
  format: 'panelnotes-notes';
  version: 1;
  exportedAt: string;
  videoId: string;
  title: string;
  /** Where the talk can be watched; a talk not on YouTube imported without a URL has none. */
  url?: string;
  notes: Note[];
}

/**
 * Which notes a transcript page shows. A talk can carry thousands of notes, so the page shows
 * a few after each passage and one page of the notes panel; the rest are a link away.
 * Positions count notes in time order (then creation), from 0.
 */
export interface NotesLayout {
  /** Notes of the video. */
  total: number;
  /** Notes the panel pages through: all, or those with the tag asked for. */
  panelTotal: number;
  /** The panel page shown (from 1) and how many there are. */
  page: number;
  pages: number;
  pageSize: number;
  /** At most this many notes show after a passage (besides one linked to). */
  perPassage: number;
  /** Passage index → how many notes fall in it, and the position of the first. */
  byPassage: Map<number, { count: number; first: number }>;
}

/** A transcript page's notes: the layout, and the notes it shows inline and in the panel. */
export interface NotesPage {
  layout: NotesLayout;
  /** Passage index → the notes shown after it, in time order. */
  inline: Map<number, Note[]>;
  /** Passage index → how many of its notes are not shown inline, and where the first is in the panel. */
  hidden: Map<number, { count: number; firstId: string; page: number }>;
  panel: Note[];
  /** The tag the panel is narrowed to, if any. */
  tag?: string;
}

/** What a new turn is: who, when, and for a suggestion how sure it is and why. */
export interface NewTurn {
  start: number;
  end: number;
  name: string;
  suggested?: boolean;
  confidence?: number;
  cues?: SpeakerCue[];
}
