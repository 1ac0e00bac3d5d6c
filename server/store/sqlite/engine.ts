import { sampleDirOf } from '../../library.js';
import type { Job } from '../../contracts/videos.js';
import { NotesStore } from '../../notes/store.js';
import type { NewTurn, Note, NoteInput, NotePatch, SpeakerTurn } from '../../notes/types.js';
import type { ChangeSource } from '../../services/changes.js';
import { watchLibrary } from '../../services/libraryWatcher.js';
import { pollNotes } from '../../services/notesPoller.js';
import { TranscriptsForwarding } from '../transcriptsForwarding.js';
import type { NoteRange, Store, User, WriteContext } from '../types.js';
import { FolderTranscripts } from './folderTranscripts.js';

/** How soon the folder and the database are looked at for other processes' changes (tests shorten them). */
export interface ChangeTiming {
  debounceMs?: number;
  scanMs?: number;
  pollMs?: number;
}

export interface SqliteStoreOptions {
  dbFile: string;
  libraryDir: string;
  cacheDir: string;
  /** Nothing created, migrated or written (see NotesStore.open): for commands that only read. */
  readOnly?: boolean;
  timing?: ChangeTiming;
}

/**
 * The default engine (single user, one machine): transcripts in the library folder and built
 * indexes in the cache folder (FolderTranscripts), notes, speaker turns, users and jobs in one
 * SQLite file (NotesStore). better-sqlite3 answers at once; the methods are async only to be
 * the one Store both engines are. What other processes change comes from the folder's watcher
 * and the database's poller, as one ChangeSource.
 *
 * @example const store = await openSqliteStore({ dbFile: 'data/panelnotes.db', libraryDir: 'transcripts/library', cacheDir: 'transcripts/.index' })
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  return new SqliteStore(NotesStore.open(options.dbFile, { readOnly: options.readOnly === true }), options);
}

export class SqliteStore extends TranscriptsForwarding<FolderTranscripts> implements Store {
  readonly engine = 'sqlite' as const;
  readonly changes: ChangeSource;

  constructor(
    /** The SQLite file itself, for drills and tools that need it (integrity checks, its path). */
    readonly notes: NotesStore,
    options: SqliteStoreOptions,
  ) {
    super(new FolderTranscripts(options.libraryDir, options.cacheDir));
    const sample = sampleDirOf(options.libraryDir);
    const timing = options.timing ?? {};
    const sources = [
      watchLibrary(sample === undefined ? [options.libraryDir] : [options.libraryDir, sample], timing),
      pollNotes(notes.changes, timing.pollMs ? { intervalMs: timing.pollMs } : {}),
    ];
    this.changes = {
      name: 'library folder and notes database',
      start: (emit) => sources.forEach((source) => source.start(emit)),
      stop: () => sources.forEach((source) => source.stop()),
    };
  }

  get file(): string {
    return this.notes.file;
  }

  /** `PRAGMA integrity_check` of the SQLite file, for drills: 'ok' when it is sound. */
  integrity(): string {
    return this.notes.integrity();
  }

  writable(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.changes.stop();
    this.notes.close();
  }

  async changeStamp(videoId?: string): Promise<number> {
    return this.notes.changes.stamp(videoId);
  }

  // Notes
  async listNotes(videoId?: string, tag?: string): Promise<Note[]> {
    return this.notes.listNotes(videoId, tag);
  }
  async countNotes(videoId: string, tag?: string): Promise<number> {
    return this.notes.countNotes(videoId, tag);
  }
  async pageOfNotes(videoId: string, offset: number, limit: number, tag?: string): Promise<Note[]> {
    return this.notes.pageOfNotes(videoId, offset, limit, tag);
  }
  async noteStarts(videoId: string): Promise<number[]> {
    return this.notes.noteStarts(videoId);
  }
  async notesInRanges(videoId: string, ranges: readonly NoteRange[]): Promise<Note[][]> {
    // In-process reads cost microseconds: one statement per range, as before.
    return ranges.map(({ from, to, limit }) => this.notes.notesBetween(videoId, from, to, limit));
  }
  async positionOf(note: Note): Promise<number> {
    return this.notes.positionOf(note);
  }
  async getNote(id: string): Promise<Note | undefined> {
    return this.notes.getNote(id);
  }
  async notesByIdPrefix(prefix: string, limit: number): Promise<Note[]> {
    return this.notes.notesByIdPrefix(prefix, limit);
  }
  async addNote(input: NoteInput, context: WriteContext = {}): Promise<Note> {
    return this.notes.addNote(input, context.now, context.author);
  }
  async restoreNote(note: Note): Promise<Note> {
    return this.notes.restoreNote(note);
  }
  async updateNote(id: string, patch: NotePatch, context: WriteContext = {}): Promise<Note> {
    return this.notes.updateNote(id, patch, context.now, context.expectedUpdatedAt);
  }
  async deleteNote(id: string, context: WriteContext = {}): Promise<Note> {
    return this.notes.deleteNote(id, context.expectedUpdatedAt);
  }
  async importNotes(notes: Note[]): Promise<{ added: Note[]; skipped: number }> {
    return this.notes.importNotes(notes);
  }

  // Speaker turns
  async listTurns(videoId?: string): Promise<SpeakerTurn[]> {
    return this.notes.listTurns(videoId);
  }
  async addTurns(videoId: string, turns: readonly NewTurn[], context: WriteContext = {}): Promise<SpeakerTurn[]> {
    return this.notes.turns.add(videoId, turns, context.now, context.author);
  }
  async replaceSuggested(videoId: string, turns: readonly NewTurn[], context: WriteContext = {}): Promise<{ removed: number; added: SpeakerTurn[] }> {
    return this.notes.turns.replaceSuggested(videoId, turns, context.now, context.author);
  }
  async confirmTurns(videoId: string, ids?: readonly string[]): Promise<SpeakerTurn[]> {
    return this.notes.turns.confirm(videoId, ids);
  }
  async changeTurns(
    videoId: string,
    change: { remove?: readonly string[]; put?: readonly SpeakerTurn[]; add?: readonly NewTurn[] },
    context: WriteContext = {},
  ): Promise<SpeakerTurn[]> {
    return this.notes.turns.change(videoId, change, context.now, context.author);
  }
  async getTurn(id: string): Promise<SpeakerTurn | undefined> {
    return this.notes.turns.get(id);
  }
  async deleteTurn(id: string): Promise<SpeakerTurn> {
    return this.notes.deleteTurn(id);
  }

  // Transcripts: the library folder and the index cache (the rest in TranscriptsForwarding)
  locate(videoId: string, what: 'transcript' | 'index'): string {
    return this.transcripts.locate(videoId, what);
  }

  // Users
  async addUser(name: string, admin: boolean): Promise<{ user: User; token: string }> {
    return this.notes.users.add(name, admin);
  }
  async listUsers(): Promise<User[]> {
    return this.notes.users.list();
  }
  async removeUser(name: string): Promise<User> {
    return this.notes.users.remove(name);
  }
  async userByToken(token: string): Promise<User | undefined> {
    return this.notes.users.byToken(token);
  }

  // Jobs
  async saveJob(job: Job): Promise<void> {
    this.notes.jobs.save(job);
  }
  async getJob(id: string): Promise<Job | undefined> {
    return this.notes.jobs.get(id);
  }
  async listJobs(limit: number): Promise<Job[]> {
    return this.notes.jobs.list(limit);
  }
}
