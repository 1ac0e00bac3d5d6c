import type { VideoIndexData } from '../../index/build.js';
import type { Job } from '../contracts/videos.js';
import type { NewTurn, Note, NoteInput, NotePatch, SpeakerTurn } from '../notes/types.js';
import type { LoadedLibrary } from '../library.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { ChangeSource } from '../services/changes.js';

/**
 * The one store interface (issue 16): what services, routes and the CLI read and write, whatever
 * engine holds it. Two engines implement it:
 * - `sqlite` (the default, single user): transcripts in the library folder, built indexes in the
 *   cache folder, notes, speaker turns, users and jobs in one SQLite file;
 * - `postgres` (team mode, PANELNOTES_DATABASE_URL): all of it in one PostgreSQL database, shared
 *   by several app instances, which learn of each other's changes through LISTEN/NOTIFY.
 * Every method is async (PostgreSQL is); the SQLite engine answers at once. Nothing above this
 * interface knows which engine it talks to.
 */
export type EngineName = 'sqlite' | 'postgres';

/** Who wrote something, in team mode (absent in single-user mode and in data made before it). */
export interface Authored {
  /** The user's name (unique; see UsersRepository). */
  author?: string;
}

/** A person in team mode. Their token is shown once, at creation; only its hash is kept. */
export interface User {
  name: string;
  admin: boolean;
  createdAt: string;
}

/** Passed to writes: who writes (team mode) and, for an edit, the version the writer saw. */
export interface WriteContext {
  /** The user writing; required in team mode (the routes check it before calling). */
  author?: string;
  /**
   * The `updatedAt` the writer last saw. When given and the note has changed since, the write
   * is refused with CONFLICT (409) carrying the current note: no update is lost without a trace.
   */
  expectedUpdatedAt?: string;
  now?: Date;
}

/** Seconds from `from` (inclusive) to `to`, and how many notes starting there are wanted at most. */
export interface NoteRange {
  from: number;
  to: number;
  limit: number;
}

export interface NotesRepository {
  /** Notes in time order: of one video or all, and only those with `tag` when given. */
  listNotes(videoId?: string, tag?: string): Promise<Note[]>;
  countNotes(videoId: string, tag?: string): Promise<number>;
  pageOfNotes(videoId: string, offset: number, limit: number, tag?: string): Promise<Note[]>;
  noteStarts(videoId: string): Promise<number[]>;
  /**
   * The first `limit` notes (in time order) starting in each range, from `from` (inclusive) to `to`:
   * one list per range, in one read, however many ranges (a video page asks for each passage's).
   * @example await store.notesInRanges('S6Sjj6OtyvY', [{ from: 0, to: 30, limit: 4 }, { from: 30, to: 75, limit: 4 }]) // [[…], […]]
   */
  notesInRanges(videoId: string, ranges: readonly NoteRange[]): Promise<Note[][]>;
  positionOf(note: Note): Promise<number>;
  getNote(id: string): Promise<Note | undefined>;
  notesByIdPrefix(prefix: string, limit: number): Promise<Note[]>;
  addNote(input: NoteInput, context?: WriteContext): Promise<Note>;
  /** Puts back a note exactly as it was (undo of a delete). */
  restoreNote(note: Note): Promise<Note>;
  /** @throws PanelnotesError NOT_FOUND, or CONFLICT when `expectedUpdatedAt` is stale */
  updateNote(id: string, patch: NotePatch, context?: WriteContext): Promise<Note>;
  /** @throws PanelnotesError NOT_FOUND, or CONFLICT when `expectedUpdatedAt` is stale */
  deleteNote(id: string, context?: WriteContext): Promise<Note>;
  /** Adds the notes whose ids are new; one transaction. */
  importNotes(notes: Note[]): Promise<{ added: Note[]; skipped: number }>;
}

export interface TurnsRepository {
  /** A video's turns by start (all videos' without one). */
  listTurns(videoId?: string): Promise<SpeakerTurn[]>;
  addTurns(videoId: string, turns: readonly NewTurn[], context?: WriteContext): Promise<SpeakerTurn[]>;
  replaceSuggested(videoId: string, turns: readonly NewTurn[], context?: WriteContext): Promise<{ removed: number; added: SpeakerTurn[] }>;
  confirmTurns(videoId: string, ids?: readonly string[]): Promise<SpeakerTurn[]>;
  changeTurns(
    videoId: string,
    change: { remove?: readonly string[]; put?: readonly SpeakerTurn[]; add?: readonly NewTurn[] },
    context?: WriteContext,
  ): Promise<SpeakerTurn[]>;
  /** A turn by its id, whatever its video: what a delete or an undo checks the writer may change. */
  getTurn(id: string): Promise<SpeakerTurn | undefined>;
  deleteTurn(id: string): Promise<SpeakerTurn>;
}

export interface UsersRepository {
  /** Creates a user and returns the token, which is never stored (only its hash). @throws CONFLICT when the name is taken */
  addUser(name: string, admin: boolean): Promise<{ user: User; token: string }>;
  listUsers(): Promise<User[]>;
  /** @throws NOT_FOUND */
  removeUser(name: string): Promise<User>;
  /** The user a token belongs to (compared by hash), or undefined. */
  userByToken(token: string): Promise<User | undefined>;
}

/** Fetch jobs, kept so they survive a restart (in team mode any instance's page answers for them). */
export interface JobsRepository {
  saveJob(job: Job): Promise<void>;
  getJob(id: string): Promise<Job | undefined>;
  /** The newest `limit` jobs. */
  listJobs(limit: number): Promise<Job[]>;
}

/** The transcripts themselves, and the index data built from each (written once by whoever imported it). */
export interface TranscriptsRepository {
  /** Every transcript, with what could not be read (one bad entry never hides the others). */
  loadTranscripts(): Promise<LoadedLibrary>;
  getTranscript(videoId: string): Promise<TranscriptRecord | undefined>;
  /** Saves (adds or replaces) a transcript whole: never half-written. */
  putTranscript(record: TranscriptRecord): Promise<void>;
  /** @returns whether there was one */
  removeTranscript(videoId: string): Promise<boolean>;
  /** Prebuilt index data for a transcript, when current for `key` (see search/cache.ts cacheKey). */
  getIndexData(videoId: string, key: string): Promise<VideoIndexData | undefined>;
  putIndexData(videoId: string, key: string, data: VideoIndexData): Promise<void>;
  /**
   * Where a transcript or its index data is kept, as messages and library problems name it (a
   * file's path; a database may name a row). Optional: without it, `transcript ID` / `index data of ID`.
   * A repository that finds stored data unreadable throws a StoredDataProblem (./storedProblem.ts).
   */
  locate?(videoId: string, what: 'transcript' | 'index'): string;
}

export interface Store extends NotesRepository, TurnsRepository, UsersRepository, JobsRepository, TranscriptsRepository {
  readonly engine: EngineName;
  /** What other processes or instances change (a ChangeSource for services/changes.ts). */
  readonly changes: ChangeSource;
  /**
   * One number that moves with every change to a video's notes and speaker turns (any video's
   * without one), whoever made it: what an open page compares to offer a reload (routes/live.ts).
   * (Added by core16: the SQLite engine reads its change_stamps table.)
   */
  changeStamp(videoId?: string): Promise<number>;
  /**
   * Team database only: claims work one instance does for all of them (fetching the sample's
   * real captions on start), or answers undefined when another instance holds the claim. The
   * returned function ends it; an instance that dies ends it too. (Without it, the SQLite engine's
   * callers lock a file in the library folder, services/fetchOnStart.ts.)
   */
  claim?(name: 'fetch-on-start'): Promise<(() => Promise<void>) | undefined>;
  /**
   * Team database only: whether it ever held a transcript of this video (imported, fetched,
   * replaced or removed since), by its change log: what the library folder's `.fetched-on-start`
   * remembers in single-user mode, so a talk the team deleted is not fetched again on start.
   */
  everHeld?(videoId: string): Promise<boolean>;
  /** Whether writes can be made now (false while a team database is unreachable: writes get 503). */
  writable(): boolean;
  close(): Promise<void>;
}
