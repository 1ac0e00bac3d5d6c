import { randomUUID } from 'node:crypto';
import type { SpeakerCue } from '../../index/suggestSpeakers.js';
import type { NewTurn, Note, NoteInput, SpeakerTurn } from '../notes/types.js';

/**
 * Notes and speaker turns to and from the rows both engines store them in: the same columns,
 * read into the same shapes, so a note or a turn is the same object whichever engine holds it.
 * Each engine turns its column types into these first (SQLite keeps tags and cues as JSON text
 * and booleans as 0/1; PostgreSQL has arrays, jsonb and booleans).
 */

/** A `notes` row, its tags read. */
export interface NoteRow {
  id: string;
  video_id: string;
  start: number;
  end: number | null;
  text: string;
  tags: string[];
  created_at: string;
  updated_at: string;
  /** Absent from a SQLite file read (not migrated) before schema 5. */
  author?: string | null;
}

/** A `speaker_turns` row, its cues read. */
export interface TurnRow {
  id: string;
  video_id: string;
  start: number;
  end: number;
  name: string;
  created_at: string;
  suggested: boolean | number;
  confidence: number | null;
  cues: SpeakerCue[] | null;
  /** Absent from a SQLite file read (not migrated) before schema 5. */
  author?: string | null;
}

/** The columns a note is written with, in the order of noteValues. */
export const NOTE_COLUMNS = 'id, video_id, start, "end", text, tags, created_at, updated_at, author';

/** A note's values for NOTE_COLUMNS; `tags` writes its tags as the engine stores them (SQLite: JSON text). */
export function noteValues(note: Note, tags: (tags: string[]) => unknown): unknown[] {
  return [note.id, note.videoId, note.start, note.end ?? null, note.text, tags(note.tags), note.createdAt, note.updatedAt, note.author ?? null];
}

/** The columns a speaker turn is written with, in the order of turnValues. */
export const TURN_COLUMNS = 'id, video_id, start, "end", name, created_at, suggested, confidence, cues, author';

/** A turn's values for TURN_COLUMNS, its cues as JSON text; `flag` writes a boolean as the engine stores it (SQLite: 1 or 0). */
export function turnValues(turn: SpeakerTurn, flag: (value: boolean) => unknown): unknown[] {
  const cues = turn.cues ? JSON.stringify(turn.cues) : null;
  return [
    turn.id,
    turn.videoId,
    turn.start,
    turn.end,
    turn.name,
    turn.createdAt,
    flag(turn.suggested === true),
    turn.confidence ?? null,
    cues,
    turn.author ?? null,
  ];
}

export function toNote(row: NoteRow): Note {
  const note: Note = {
    id: row.id,
    videoId: row.video_id,
    start: row.start,
    text: row.text,
    tags: row.tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.end !== null) note.end = row.end;
  if (row.author !== null && row.author !== undefined) note.author = row.author;
  return note;
}

export function toTurn(row: TurnRow): SpeakerTurn {
  return {
    id: row.id,
    videoId: row.video_id,
    start: row.start,
    end: row.end,
    name: row.name,
    createdAt: row.created_at,
    ...(row.author === null || row.author === undefined ? {} : { author: row.author }),
    ...(row.suggested ? { suggested: true as const } : {}),
    ...(row.confidence === null ? {} : { confidence: row.confidence }),
    ...(row.cues === null ? {} : { cues: row.cues }),
  };
}

/**
 * A new note, made now (by `author`, in team mode): a fresh id, created and updated at once.
 *
 * @example newNote({ videoId: 'S6Sjj6OtyvY', start: 90, text: 'hi' }, new Date()) // { id: '…', tags: [], createdAt: updatedAt, … }
 */
export function newNote(input: NoteInput, now: Date, author: string | undefined): Note {
  const stamp = now.toISOString();
  const { videoId, start, text } = input;
  const note: Note = { id: randomUUID(), videoId, start, text, tags: input.tags ?? [], createdAt: stamp, updatedAt: stamp };
  if (input.end !== undefined) note.end = input.end;
  if (author !== undefined) note.author = author;
  return note;
}

/** A new turn of a video, made now (by `author`, in team mode); a suggestion's fields only where it is one or carries them. */
export function newTurn(videoId: string, turn: NewTurn, now: Date, author: string | undefined): SpeakerTurn {
  return {
    id: randomUUID(),
    videoId,
    createdAt: now.toISOString(),
    ...(author === undefined ? {} : { author }),
    start: turn.start,
    end: turn.end,
    name: turn.name,
    ...(turn.suggested ? { suggested: true as const } : {}),
    ...(turn.confidence === undefined ? {} : { confidence: turn.confidence }),
    ...(turn.cues === undefined ? {} : { cues: turn.cues }),
  };
}
