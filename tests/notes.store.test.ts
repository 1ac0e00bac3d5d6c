import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPanelnotesError, PanelnotesError } from '../server/errors.js';
import { NotesStore } from '../server/notes/store.js';
import { writeFailure } from '../server/notes/storeFile.js';
import type { Note } from '../server/notes/types.js';
import { DROP_SCHEMA_5 } from './support/oldSchemas.js';

/**
 * The notes database (server/notes/store.ts) on real files in a temporary folder: schema and
 * marks of a new file, notes and turns kept across reopening, every write atomic, WAL, and the
 * files it must refuse (not SQLite, another program's, damaged, newer) left byte for byte as
 * they were.
 */

const VIDEO = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';
/** "pnot", the application_id that marks a panelnotes file. */
const APPLICATION_ID = 0x706e6f74;
/** Takes a file back before schema 3: no change stamps, no triggers moving them. */
const DROP_CHANGE_STAMPS = ['notes', 'speaker_turns']
  .flatMap((table) => ['inserted', 'updated', 'deleted'].map((event) => `DROP TRIGGER ${table}_${event};`))
  .concat('DROP TABLE change_stamps;')
  .join(' ');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let dir: string;
const opened: NotesStore[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'panelnotes-store-'));
});

afterAll(async () => {
  for (const store of opened) store.close();
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
/** A path for a new database file in the test folder. */
const newFile = (name = 'notes'): string => join(dir, `${name}-${++counter}.db`);

/** Opens a store that is closed after the file's tests even if a test fails midway. */
function open(file: string): NotesStore {
  const store = NotesStore.open(file);
  opened.push(store);
  return store;
}

/** Reads pragmas from a closed store's file without going through NotesStore. */
function pragmas(file: string): { applicationId: number; userVersion: number; journalMode: string } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      applicationId: db.pragma('application_id', { simple: true }) as number,
      userVersion: db.pragma('user_version', { simple: true }) as number,
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The PanelnotesError that opening `file` throws (fails the test if it opens). */
function refusal(file: string): PanelnotesError {
  let store: NotesStore | undefined;
  try {
    store = NotesStore.open(file);
  } catch (error) {
    if (isPanelnotesError(error)) return error;
    throw error;
  }
  store.close();
  throw new Error(`${file} was opened, not refused`);
}

/** A closed panelnotes file holding `count` notes, and the notes. */
function storeWithNotes(count: number): { file: string; notes: Note[] } {
  const file = newFile();
  const store = NotesStore.open(file);
  const notes: Note[] = [];
  for (let i = 0; i < count; i++)
    notes.push(store.addNote({ videoId: VIDEO, start: i * 7, text: `note ${i}: ${'posted interrupts and nested paging '.repeat(8)}`, tags: ['kvm'] }));
  store.close();
  return { file, notes };
}

/** The schema version a new file gets: the newest this panelnotes knows. */
function latestVersion(): number {
  const file = newFile();
  NotesStore.open(file).close();
  return pragmas(file).userVersion;
}

describe('a new notes database', () => {
  it('is created (folders included) with the newest schema version and marked as ours', () => {
    const file = join(dir, 'nested', 'deeper', 'panelnotes.db');
    const store = NotesStore.open(file);
    expect(store.file).toBe(file);
    expect(store.listNotes()).toEqual([]);
    expect(store.listTurns()).toEqual([]);
    expect(store.integrity()).toBe('ok');
    store.close();

    const { applicationId, userVersion } = pragmas(file);
    expect(applicationId).toBe(APPLICATION_ID);
    expect(userVersion).toBeGreaterThanOrEqual(1);
    // Latest, not just some version: one more is refused as newer than this panelnotes knows.
    const db = new Database(file);
    db.pragma(`user_version = ${userVersion + 1}`);
    db.close();
    expect(refusal(file).message).toContain(`this one knows ${userVersion}`);
  });

  it('a file of the first schema is brought up to date on open, its notes kept and shown in order from the index alone', () => {
    const file = newFile();
    const store = open(file);
    const kept = store.addNote({ videoId: 'S6Sjj6OtyvY', start: 5, text: 'from schema 1' });
    store.close();
    // As schema 1 left it: notes indexed by (video_id, start) only, no change stamps (schema 3), speaker turns without the suggestion columns of schema 4.
    const old = new Database(file);
    old.exec(DROP_SCHEMA_5);
    old.exec(DROP_CHANGE_STAMPS);
    old.exec('DROP INDEX notes_in_order; CREATE INDEX notes_by_video ON notes (video_id, start)');
    old.exec('ALTER TABLE speaker_turns DROP COLUMN cues; ALTER TABLE speaker_turns DROP COLUMN confidence; ALTER TABLE speaker_turns DROP COLUMN suggested');
    old.pragma('user_version = 1');
    old.close();

    const reopened = open(file);
    expect(reopened.listNotes()).toEqual([kept]);
    reopened.close();
    const db = new Database(file, { readonly: true });
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notes' AND sql IS NOT NULL").pluck().all();
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT start FROM notes WHERE video_id = ? ORDER BY start, created_at, id').all('x') as { detail: string }[];
    db.close();
    expect(indexes).toEqual(['notes_in_order']);
    expect(pragmas(file).userVersion).toBe(5);
    expect(pragmas(file).userVersion).toBe(latestVersion());
    // No sort at read time: a page of a talk with thousands of notes reads them in order.
    expect(plan.map((p) => p.detail)).toEqual(['SEARCH notes USING COVERING INDEX notes_in_order (video_id=?)']);
  });

  it('is in WAL mode, for the store and for whoever opens the file next', () => {
    const file = newFile();
    const store = open(file);
    store.addNote({ videoId: VIDEO, start: 1, text: 'wal' });
    store.close();
    expect(pragmas(file).journalMode).toBe('wal');
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('opens again without migrating or losing anything, version and marks unchanged', () => {
    const file = newFile();
    const first = NotesStore.open(file);
    const note = first.addNote({ videoId: VIDEO, start: 90, end: 95.5, text: 'kept across reopening', tags: ['durable', 'wal'] });
    const turn = first.addTurn(VIDEO, 10, 20, 'Speaker A');
    first.close();
    const before = pragmas(file);

    const again = open(file);
    expect(again.listNotes()).toEqual([note]);
    expect(again.getNote(note.id)).toEqual(note);
    expect(again.listTurns(VIDEO)).toEqual([turn]);
    again.close();
    expect(pragmas(file)).toEqual(before);
  });

  it('opens in memory too', () => {
    const store = open(':memory:');
    expect(store.addNote({ videoId: VIDEO, start: 0, text: 'in memory' }).text).toBe('in memory');
    expect(store.listNotes()).toHaveLength(1);
  });
});

describe('notes', () => {
  it('adds a note with an id, both times and its fields as given', () => {
    const store = open(newFile());
    const now = new Date('2026-11-25T10:00:00.000Z');
    const note = store.addNote({ videoId: VIDEO, start: 61.5, end: 70, text: 'about posted interrupts', tags: ['hardware', 'apicv'] }, now);
    expect(note).toEqual({
      id: expect.stringMatching(UUID),
      videoId: VIDEO,
      start: 61.5,
      end: 70,
      text: 'about posted interrupts',
      tags: ['hardware', 'apicv'],
      createdAt: '2026-11-25T10:00:00.000Z',
      updatedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(store.getNote(note.id)).toEqual(note);

    const moment = store.addNote({ videoId: VIDEO, start: 3, text: 'a moment, no end, no tags' });
    expect(moment).not.toHaveProperty('end');
    expect(moment.tags).toEqual([]);
    expect(store.getNote(moment.id)).toEqual(moment);
    expect(store.getNote(moment.id)).not.toHaveProperty('end');
    expect(store.getNote('no-such-note')).toBeUndefined();
  });

  it('lists one video by start, or all videos', () => {
    const store = open(newFile());
    const late = store.addNote({ videoId: VIDEO, start: 300, text: 'late' });
    const early = store.addNote({ videoId: VIDEO, start: 5, text: 'early' });
    const other = store.addNote({ videoId: OTHER, start: 1, text: 'other video' });
    expect(store.listNotes(VIDEO)).toEqual([early, late]);
    expect(store.listNotes(OTHER)).toEqual([other]);
    expect(store.listNotes('ZZZZZZZZZZZ')).toEqual([]);
    expect(
      store
        .listNotes()
        .map((n) => n.id)
        .sort(),
    ).toEqual([early.id, late.id, other.id].sort());
  });

  it('updates the fields given, stamps updatedAt, keeps createdAt, and can drop the end', () => {
    const store = open(newFile());
    const note = store.addNote({ videoId: VIDEO, start: 10, end: 20, text: 'first draft', tags: ['a'] }, new Date('2026-01-01T00:00:00.000Z'));
    const changed = store.updateNote(note.id, { text: 'second draft', tags: ['a', 'b'] }, new Date('2026-01-02T00:00:00.000Z'));
    expect(changed).toEqual({ ...note, text: 'second draft', tags: ['a', 'b'], updatedAt: '2026-01-02T00:00:00.000Z' });
    expect(store.getNote(note.id)).toEqual(changed);

    const noEnd = store.updateNote(note.id, { end: undefined });
    expect(noEnd).not.toHaveProperty('end');
    expect(store.getNote(note.id)).not.toHaveProperty('end');
    expect(store.getNote(note.id)?.text).toBe('second draft');
  });

  it('refuses an update that would end a note before it starts, or of a note not there, changing nothing', () => {
    const store = open(newFile());
    const note = store.addNote({ videoId: VIDEO, start: 10, end: 20, text: 'span' });
    expect(() => store.updateNote(note.id, { start: 30 })).toThrow(expect.objectContaining({ code: 'USAGE', message: 'a note must end after it starts' }));
    expect(() => store.updateNote(note.id, { start: -1 })).toThrow(); // the table's CHECK
    expect(store.getNote(note.id)).toEqual(note);
    expect(() => store.updateNote('nope', { text: 'x' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'no note nope' }));
  });

  it('deletes a note, returning it, and restores it exactly as it was', () => {
    const store = open(newFile());
    const keep = store.addNote({ videoId: VIDEO, start: 1, text: 'keep' });
    const note = store.addNote({ videoId: VIDEO, start: 2, end: 4, text: 'delete then restore', tags: ['undo'] }, new Date('2026-03-04T05:06:07.000Z'));
    expect(store.deleteNote(note.id)).toEqual(note);
    expect(store.getNote(note.id)).toBeUndefined();
    expect(store.listNotes(VIDEO)).toEqual([keep]);
    expect(() => store.deleteNote(note.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));

    expect(store.restoreNote(note)).toEqual(note);
    expect(store.getNote(note.id)).toEqual(note);
    expect(store.listNotes(VIDEO)).toEqual([keep, note]);
    // The same id twice is refused by the primary key.
    expect(() => store.restoreNote(note)).toThrow(/UNIQUE/);
  });

  it('refuses what the table forbids (negative start, end not after start), storing nothing', () => {
    const store = open(newFile());
    expect(() => store.addNote({ videoId: VIDEO, start: -1, text: 'before the start' })).toThrow(/CHECK/);
    expect(() => store.addNote({ videoId: VIDEO, start: 5, end: 5, text: 'zero length' })).toThrow(/CHECK/);
    expect(store.listNotes()).toEqual([]);
  });

  it('imports the notes not there yet, skipping ids already there (and repeats within one import)', () => {
    const store = open(newFile());
    const existing = store.addNote({ videoId: VIDEO, start: 1, text: 'already here' });
    const fresh: Note = {
      id: 'f0000000-0000-4000-8000-000000000001',
      videoId: VIDEO,
      start: 5,
      text: 'imported',
      tags: ['backup'],
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-02-01T00:00:00.000Z',
    };
    const changedCopy: Note = { ...existing, text: 'a different text under the same id' };

    const first = store.importNotes([changedCopy, fresh, fresh]);
    expect(first.added).toEqual([fresh]);
    expect(first.skipped).toBe(2);
    expect(store.getNote(existing.id)).toEqual(existing); // skipped, not overwritten
    expect(store.getNote(fresh.id)).toEqual(fresh); // exactly as exported: id, times, tags

    const second = store.importNotes([existing, fresh]);
    expect(second).toEqual({ added: [], skipped: 2 });
    expect(store.listNotes()).toHaveLength(2);
  });

  it('imports all or nothing: one bad note and none of the batch is kept', () => {
    const store = open(newFile());
    const good: Note = {
      id: 'a0000000-0000-4000-8000-000000000001',
      videoId: VIDEO,
      start: 5,
      text: 'good',
      tags: [],
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    const bad: Note = { ...good, id: 'a0000000-0000-4000-8000-000000000002', start: 10, end: 2, text: 'ends before it starts' };
    expect(() => store.importNotes([good, bad])).toThrow(/CHECK/);
    expect(store.listNotes()).toEqual([]);
    expect(store.importNotes([good]).added).toEqual([good]);
  });

  it('keeps text as given: line breaks, quotes, emoji, 10,000 characters', () => {
    const file = newFile();
    const store = NotesStore.open(file);
    const texts = ['two\nlines', `it's "quoted" -- ; DROP TABLE notes;`, 'émoji 🎉 and 中文', 'x'.repeat(10_000)];
    const ids = texts.map((text, i) => store.addNote({ videoId: VIDEO, start: i, text }).id);
    store.close();
    const again = open(file);
    expect(ids.map((id) => again.getNote(id)?.text)).toEqual(texts);
  });
});

describe('speaker turns', () => {
  it('adds, lists by video and start, and deletes turns', () => {
    const store = open(newFile());
    const later = store.addTurn(VIDEO, 120, 180, 'Speaker B', new Date('2026-05-05T00:00:00.000Z'));
    const earlier = store.addTurn(VIDEO, 0, 60, 'Speaker A');
    const elsewhere = store.addTurn(OTHER, 5, 6, 'Speaker C');
    expect(later).toEqual({ id: expect.stringMatching(UUID), videoId: VIDEO, start: 120, end: 180, name: 'Speaker B', createdAt: '2026-05-05T00:00:00.000Z' });
    expect(store.listTurns(VIDEO)).toEqual([earlier, later]);
    expect(store.listTurns(OTHER)).toEqual([elsewhere]);
    expect(store.listTurns()).toHaveLength(3);

    expect(store.deleteTurn(earlier.id)).toEqual(earlier);
    expect(store.listTurns(VIDEO)).toEqual([later]);
    expect(() => store.deleteTurn(earlier.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: `no speaker turn ${earlier.id}` }));
  });

  it('refuses a turn that does not end after it starts', () => {
    const store = open(newFile());
    expect(() => store.addTurn(VIDEO, 10, 10, 'Speaker A')).toThrow(/CHECK/);
    expect(() => store.addTurn(VIDEO, -2, 10, 'Speaker A')).toThrow(/CHECK/);
    expect(store.listTurns()).toEqual([]);
  });

  it('are kept across reopening, beside the notes', () => {
    const file = newFile();
    const store = NotesStore.open(file);
    const turn = store.addTurn(VIDEO, 30.5, 45.25, 'Speaker A');
    store.close();
    expect(open(file).listTurns(VIDEO)).toEqual([turn]);
  });
});

describe('files that are refused, and left exactly as they were', () => {
  /** Opening is refused with LIBRARY_CORRUPT and a message naming the file; the bytes never change. */
  function expectRefused(file: string, message: RegExp): PanelnotesError {
    const before = sha256(file);
    const size = statSync(file).size;
    const error = refusal(file);
    expect(error.code).toBe('LIBRARY_CORRUPT');
    expect(error.exitCode).toBe(5);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(message);
    expect(statSync(file).size).toBe(size);
    expect(sha256(file)).toBe(before);
    // Refused again the same way: the first attempt repaired, migrated or emptied nothing.
    expect(refusal(file).message).toMatch(message);
    expect(sha256(file)).toBe(before);
    return error;
  }

  it('a file that is not SQLite at all', () => {
    const file = newFile('text');
    writeFileSync(file, 'These are my meeting notes, not a database.\n'.repeat(200));
    expectRefused(file, /is not a panelnotes database \(file is not a database\); it was left as it is/);
  });

  it('an SQLite database of another program', () => {
    const file = newFile('other-program');
    const db = new Database(file);
    db.exec("CREATE TABLE recipes (name TEXT, minutes INTEGER); INSERT INTO recipes VALUES ('soup', 40), ('bread', 180);");
    db.close();
    const error = expectRefused(file, /is an SQLite database of some other program, not panelnotes; it was left as it is/);
    expect(error.hint).toMatch(/--db or PANELNOTES_DB/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT name FROM recipes ORDER BY minutes').pluck().all()).toEqual(['soup', 'bread']);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete'); // not switched to WAL
    check.close();
  });

  /**
   * Overwrites the first bytes of a page in the middle of the file: a b-tree page of the notes
   * table. (Bytes inside a note's text would go unnoticed: SQLite keeps no checksums.)
   */
  function damage(file: string): void {
    const pageSize = 4096;
    const pages = statSync(file).size / pageSize;
    expect(pages).toBeGreaterThan(6);
    const fd = openSync(file, 'r+');
    try {
      writeSync(fd, Buffer.alloc(100, 0xff), 0, 100, Math.floor(pages / 2) * pageSize);
    } finally {
      closeSync(fd);
    }
  }

  it('a damaged panelnotes file', () => {
    const { file } = storeWithNotes(200);
    expect(pragmas(file).applicationId).toBe(APPLICATION_ID);
    damage(file);
    const error = expectRefused(file, /is damaged \(/);
    expect(error.message).toMatch(/; it was left as it is$/);
    expect(error.hint).toMatch(/backup/);
  });

  // PRAGMA quick_check answers several lines; every error message is one.
  it('a damaged panelnotes file is refused with a one-line message', () => {
    const { file } = storeWithNotes(200);
    damage(file);
    expect(refusal(file).message).not.toContain('\n');
  });

  it('a panelnotes file whose first page is damaged', () => {
    const { file } = storeWithNotes(20);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('garbage garbage garbage!'), 0, 24, 0);
    closeSync(fd);
    expectRefused(file, /is not a panelnotes database \(file is not a database\)/);
  });

  it('a file written by a newer panelnotes', () => {
    const { file, notes } = storeWithNotes(3);
    const latest = latestVersion();
    const db = new Database(file);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    const error = expectRefused(file, new RegExp(`was written by a newer panelnotes \\(schema ${latest + 1}, this one knows ${latest}\\); update panelnotes`));
    expect(error).toBeInstanceOf(PanelnotesError);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(latest + 1);
    expect(check.prepare('SELECT id FROM notes ORDER BY start').pluck().all()).toEqual(notes.map((n) => n.id));
    check.close();
  });
});

describe('what a failed write tells the person who made it (writeFailure)', () => {
  // Real SQLite errors from a connection of our own: the drills (tests/drills.test.ts) fill a
  // real disk, which needs root.
  const sqliteError = (setup: (db: Database.Database) => void): unknown => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x TEXT)');
    setup(db);
    try {
      db.exec('INSERT INTO t VALUES (randomblob(100000))');
    } catch (error) {
      return error;
    } finally {
      db.close();
    }
    throw new Error('the write did not fail');
  };

  it('a full disk (SQLITE_FULL) is DISK_FULL, 507, saying nothing was changed', () => {
    const error = writeFailure(
      sqliteError((db) => db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)),
      '/data/notes.db',
    );
    expect([error.code, error.httpStatus, error.exitCode, error.message, error.hint]).toEqual([
      'DISK_FULL',
      507,
      5,
      'the disk holding the notes database /data/notes.db is full; nothing was changed',
      'free some space, then try again',
    ]);
  });

  it('a read-only database (SQLITE_READONLY) says so', () => {
    const error = writeFailure(
      sqliteError((db) => db.pragma('query_only = ON')),
      '/data/notes.db',
    );
    expect([error.code, error.httpStatus, error.message]).toEqual([
      'LIBRARY_WRITE_FAILED',
      500,
      'the notes database /data/notes.db cannot be written (read-only file, folder or disk); nothing was changed',
    ]);
  });

  it('a busy one is DATABASE_BUSY (503), a broken rule USAGE, anything else names its code', () => {
    expect(writeFailure(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 'n.db')).toMatchObject({
      code: 'DATABASE_BUSY',
      httpStatus: 503,
    });
    expect(writeFailure(Object.assign(new Error('UNIQUE constraint failed: notes.id'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }), 'n.db')).toMatchObject({
      code: 'USAGE',
      httpStatus: 400,
    });
    expect(writeFailure(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }), 'n.db').message).toBe(
      'could not write to the notes database n.db (SQLITE_IOERR_WRITE); nothing was changed',
    );
    const ours = new PanelnotesError('NOT_FOUND', 'no note x');
    expect(writeFailure(ours, 'n.db')).toBe(ours);
  });
});
