import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PanelnotesError } from '../errors.js';
import { ChangeStamps } from './changeStamps.js';
import { JobsTable } from './jobs.js';
import { SpeakerTurns } from './speakerTurns.js';
import { UsersTable } from './users.js';
import { checkFile, fileKind, migrate, openFailure, writeFailure } from './storeFile.js';
import type { Note, NoteInput, NotePatch, SpeakerTurn } from './types.js';
import { newNote, NOTE_COLUMNS, noteValues, toNote as fromRow, type NoteRow } from '../store/rows.js';
import { currentVersion, patched } from '../store/versions.js';

/** Narrows a query on notes to those carrying `@tag` (none when it is NULL). */
const TAGGED = 'AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(notes.tags) WHERE value = @tag))';

/** A notes row as SQLite holds it: tags as JSON text. */
type SqliteNoteRow = Omit<NoteRow, 'tags'> & { tags: string };

/**
 * Notes and speaker turns in SQLite: with storeFile.ts (the file's schema and checks) and
 * speakerTurns.ts (the turns' table) and changeStamps.ts (what other processes changed), the only
 * code that speaks SQL. Every write is one
 * transaction, and with WAL and synchronous=FULL a write that returned is on disk: a crash
 * right after it loses nothing that was acknowledged.
 */
export class NotesStore {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    /** What other processes changed in this database (see changeStamps.ts). */
    readonly changes = new ChangeStamps(db),
  ) {}

  /**
   * Opens (or creates) the database at `file` and brings its schema up to date. A file that
   * is not a panelnotes database, is damaged, or was written by a newer panelnotes is refused
   * with a message naming it; it is never replaced or emptied. Something other than a regular
   * file there (a device, a FIFO, a folder) is refused before SQLite sees it.
   *
   * `readOnly` is for commands that only read: nothing is created (a missing database is an
   * empty one, kept in memory), nothing migrated, and the connection refuses writes
   * (`query_only`). It still opens read-write underneath, so that SQLite removes the WAL files
   * it makes when it closes: a read leaves the folder as it found it.
   *
   * @example NotesStore.open('data/panelnotes.db', { readOnly: true }).listNotes()
   */
  static open(file: string, options: { readOnly?: boolean } = {}): NotesStore {
    const readOnly = options.readOnly === true;
    if (file !== ':memory:') {
      const kind = fileKind(file);
      if (kind === 'missing' && readOnly) return NotesStore.open(':memory:');
      if (kind !== 'missing' && kind !== 'a file')
        throw new PanelnotesError(
          'USAGE',
          `the notes database ${file} is not a regular file (${kind}); it was left as it is`,
          'give a file with --db or PANELNOTES_DB',
        );
    }
    let db: Database.Database;
    try {
      if (file !== ':memory:' && !readOnly) mkdirSync(dirname(file), { recursive: true });
      db = new Database(file, { fileMustExist: readOnly });
    } catch (error) {
      throw openFailure(error, file);
    }
    let fresh: boolean;
    try {
      fresh = checkFile(db, file);
      // Another writer (the CLI beside the server) may hold the lock a moment; waiting longer
      // would freeze every request, since better-sqlite3 waits synchronously.
      db.pragma('busy_timeout = 250');
      if (readOnly) db.pragma('query_only = ON');
      else {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
        migrate(db);
      }
    } catch (error) {
      db.close();
      throw error instanceof PanelnotesError ? error : openFailure(error, file);
    }
    // An empty file (no tables yet) holds no notes: read as the empty database it will become.
    if (readOnly && fresh) {
      db.close();
      return NotesStore.open(':memory:');
    }
    return new NotesStore(db, file);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Compiled once: compiling costs more than running the small queries a page makes. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** `PRAGMA integrity_check`, for tests and drills: 'ok' when the file is sound. */
  integrity(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  }

  /** Notes in time order: of one video or all, and only those with `tag` when given. */
  listNotes(videoId?: string, tag?: string): Note[] {
    // Two statements rather than `@videoId IS NULL OR …`, which would keep SQLite off the index.
    const ofVideo = videoId === undefined ? '' : 'AND video_id = @videoId';
    const query = `SELECT * FROM notes WHERE true ${ofVideo} ${TAGGED} ORDER BY video_id, start, created_at, id`;
    const rows = this.statement(query).all({ ...(videoId === undefined ? {} : { videoId }), tag: tag ?? null }) as SqliteNoteRow[];
    return rows.map(toNote);
  }

  /** How many notes a video has (with `tag`, when given). */
  countNotes(videoId: string, tag?: string): number {
    return this.statement(`SELECT count(*) FROM notes WHERE video_id = @videoId ${TAGGED}`)
      .pluck()
      .get({ videoId, tag: tag ?? null }) as number;
  }

  /** One page of a video's notes in time order (only those with `tag`, when given). */
  pageOfNotes(videoId: string, offset: number, limit: number, tag?: string): Note[] {
    const query = `SELECT * FROM notes WHERE video_id = @videoId ${TAGGED} ORDER BY start, created_at, id LIMIT @limit OFFSET @offset`;
    const rows = this.statement(query).all({ videoId, tag: tag ?? null, limit, offset }) as SqliteNoteRow[];
    return rows.map(toNote);
  }

  /** When each of a video's notes starts, in time order: a page's layout of thousands of notes needs no more. */
  noteStarts(videoId: string): number[] {
    return this.statement('SELECT start FROM notes WHERE video_id = ? ORDER BY start, created_at, id').pluck().all(videoId) as number[];
  }

  /** The first `limit` notes of a video starting from `from` (inclusive) to `to`, in time order. */
  notesBetween(videoId: string, from: number, to: number, limit: number): Note[] {
    const query = 'SELECT * FROM notes WHERE video_id = ? AND start >= ? AND start < ? ORDER BY start, created_at, id LIMIT ?';
    const rows = this.statement(query).all(videoId, from, to, limit) as SqliteNoteRow[];
    return rows.map(toNote);
  }

  /** Where a note stands among its video's notes in time order, from 0. */
  positionOf(note: Note): number {
    return this.statement('SELECT count(*) FROM notes WHERE video_id = ? AND (start, created_at, id) < (?, ?, ?)')
      .pluck()
      .get(note.videoId, note.start, note.createdAt, note.id) as number;
  }

  getNote(id: string): Note | undefined {
    const row = this.statement('SELECT * FROM notes WHERE id = ?').get(id) as SqliteNoteRow | undefined;
    return row && toNote(row);
  }

  /** Notes whose id starts with `prefix` (at most `limit`), by id: what a shortened id may mean. */
  notesByIdPrefix(prefix: string, limit: number): Note[] {
    return (
      this.statement('SELECT * FROM notes WHERE substr(id, 1, length(@prefix)) = @prefix ORDER BY id LIMIT @limit').all({ prefix, limit }) as SqliteNoteRow[]
    ).map(toNote);
  }

  /** A new note; `author` is who wrote it (team mode), none in single-user mode. */
  addNote(input: NoteInput, now = new Date(), author?: string): Note {
    return this.write(() => {
      const note = newNote(input, now, author);
      this.insert(note);
      return note;
    });
  }

  /** Puts back a note exactly as it was (undo of a delete, import of a backup). */
  restoreNote(note: Note): Note {
    return this.write(() => {
      this.insert(note);
      return note;
    });
  }

  /**
   * Changes a note; its author stays who wrote it. `expectedUpdatedAt` is the version the
   * writer saw: when the note changed since, nothing is written (see staleWrite).
   * @throws PanelnotesError NOT_FOUND, CONFLICT
   */
  updateNote(id: string, patch: NotePatch, now = new Date(), expectedUpdatedAt?: string): Note {
    return this.write(() => {
      const next = patched(this.current(id, expectedUpdatedAt), patch, now);
      this.db
        .prepare('UPDATE notes SET start = ?, end = ?, text = ?, tags = ?, updated_at = ? WHERE id = ?')
        .run(next.start, next.end ?? null, next.text, JSON.stringify(next.tags), next.updatedAt, id);
      return next;
    });
  }

  /** Deletes a note and returns it, so it can be put back. @throws PanelnotesError NOT_FOUND, CONFLICT (see updateNote) */
  deleteNote(id: string, expectedUpdatedAt?: string): Note {
    return this.write(() => {
      const note = this.current(id, expectedUpdatedAt);
      this.statement('DELETE FROM notes WHERE id = ?').run(id);
      return note;
    });
  }

  /** Adds the notes not already there (by id), all in one transaction. */
  importNotes(notes: Note[]): { added: Note[]; skipped: number } {
    return this.write(() => {
      const exists = this.statement('SELECT 1 FROM notes WHERE id = ?');
      const added: Note[] = [];
      this.db.transaction(() => {
        for (const note of notes) {
          if (exists.get(note.id)) continue;
          this.insert(note);
          added.push(note);
        }
      })();
      return { added, skipped: notes.length - added.length };
    });
  }

  /** The note as it stands, read inside a write's transaction, when it is the version the writer saw. */
  private current(id: string, expectedUpdatedAt: string | undefined): Note {
    return currentVersion(id, this.getNote(id), expectedUpdatedAt);
  }

  private speakerTurns?: SpeakerTurns;

  /** Speaker turns: who speaks when, set by hand or suggested (speakerTurns.ts). */
  get turns(): SpeakerTurns {
    return (this.speakerTurns ??= new SpeakerTurns(this.db, (work) => this.write(work)));
  }

  listTurns(videoId?: string): SpeakerTurn[] {
    return this.turns.list(videoId);
  }

  addTurn(videoId: string, start: number, end: number, name: string, now = new Date(), author?: string): SpeakerTurn {
    return this.turns.add(videoId, [{ start, end, name }], now, author)[0] as SpeakerTurn;
  }

  private usersTable?: UsersTable;

  /** Team mode's people (users.ts). */
  get users(): UsersTable {
    return (this.usersTable ??= new UsersTable(this.db, (work) => this.write(work)));
  }

  private jobsTable?: JobsTable;

  /** Fetch jobs, kept across restarts (jobs.ts). */
  get jobs(): JobsTable {
    return (this.jobsTable ??= new JobsTable(this.db, (work) => this.write(work)));
  }

  /** @throws PanelnotesError NOT_FOUND */
  deleteTurn(id: string): SpeakerTurn {
    return this.turns.delete(id);
  }

  /**
   * Runs a write as one transaction (IMMEDIATE: it holds the write lock from its first read, so
   * a change read-then-written sees no other writer between), turning SQLite's refusals into
   * errors that say what happened: the file is busy (another writer holds it), or cannot be
   * written (read-only, disk full). Nothing is half-written.
   */
  private write<T>(work: () => T): T {
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      throw writeFailure(error, this.file);
    }
  }

  private insert(note: Note): void {
    this.statement(`INSERT INTO notes (${NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...noteValues(note, (tags) => JSON.stringify(tags)));
  }
}

function toNote(row: SqliteNoteRow): Note {
  return fromRow({ ...row, tags: JSON.parse(row.tags) as string[] });
}
