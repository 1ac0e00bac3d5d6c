import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPanelnotesError } from '../server/errors.js';
import { NotesStore } from '../server/notes/store.js';
import { SCHEMA_VERSION } from '../server/notes/storeFile.js';
import { openSqliteStore } from '../server/store/sqlite/engine.js';
import { DROP_SCHEMA_5 } from './support/oldSchemas.js';

/**
 * The SQLite engine behind the one Store (server/store/sqlite/engine.ts) and its schema 5:
 * authors on notes and speaker turns, team mode's users (only a hash of each token kept) and
 * fetch jobs. A file of schema 4 is brought up to date with everything in it kept; one newer
 * than this panelnotes is refused with one line.
 */

const VIDEO = 'S6Sjj6OtyvY';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'panelnotes-sqlite-store-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
const newFile = (): string => join(dir, `notes-${++files}.db`);
const open = (dbFile: string, readOnly = false) => openSqliteStore({ dbFile, libraryDir: join(dir, 'library'), cacheDir: join(dir, 'cache'), readOnly });

/** A file as panelnotes before team mode left it: a note and a speaker turn, at schema 4. */
function schema4File(): { file: string; note: ReturnType<NotesStore['addNote']>; turn: ReturnType<NotesStore['addTurn']> } {
  const file = newFile();
  const store = NotesStore.open(file);
  const note = store.addNote({ videoId: VIDEO, start: 5, text: 'from schema 4', tags: ['old'] });
  const turn = store.addTurn(VIDEO, 1, 9, 'Lena Hart');
  store.close();
  const old = new Database(file);
  old.exec(DROP_SCHEMA_5);
  old.pragma('user_version = 4');
  old.close();
  return { file, note, turn };
}

describe('schema 5', () => {
  it('a file of schema 4 opens at schema 5: its notes and turns kept without an author, and it takes authors, users and jobs', async () => {
    const { file, note, turn } = schema4File();
    const store = await open(file);
    try {
      expect(await store.listNotes(VIDEO)).toEqual([note]);
      expect(await store.listTurns(VIDEO)).toEqual([turn]);
      const authored = await store.addNote({ videoId: VIDEO, start: 6, text: 'by ada' }, { author: 'ada' });
      expect((await store.getNote(authored.id))?.author).toBe('ada');
      const [set] = await store.addTurns(VIDEO, [{ start: 10, end: 12, name: 'Mia Sol' }], { author: 'bob' });
      expect((await store.listTurns(VIDEO)).find((t) => t.id === set?.id)?.author).toBe('bob');
      expect(store.integrity()).toBe('ok');
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(SCHEMA_VERSION).toBe(5);
    db.close();
  });

  it('a schema 4 file read without migrating (a command that only reads) still lists its notes', async () => {
    const { file, note } = schema4File();
    const store = await open(file, true);
    try {
      expect(await store.listNotes()).toEqual([note]);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    db.close();
  });

  it('a file of a newer schema is refused with one line and left as it is', async () => {
    const file = newFile();
    await (await open(file)).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const refusal = await open(file).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isPanelnotesError(refusal) && refusal.code).toBe('LIBRARY_CORRUPT');
    expect((refusal as Error).message).toBe(
      `${file} was written by a newer panelnotes (schema ${SCHEMA_VERSION + 1}, this one knows ${SCHEMA_VERSION}); update panelnotes`,
    );
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    after.close();
  });
});

describe('users', () => {
  it('a user is made with a token shown once; only its hash is stored; the token finds the user, a wrong one nobody', async () => {
    const file = newFile();
    const store = await open(file);
    try {
      const { user, token } = await store.addUser('ada', true);
      expect(user).toEqual({ name: 'ada', admin: true, createdAt: expect.any(String) });
      expect(token).toMatch(/^ada\.[A-Za-z0-9_-]{43}$/);
      expect(await store.userByToken(token)).toEqual(user);
      expect(await store.userByToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
      expect(await store.userByToken(token.replace(/^ada/, 'bob'))).toBeUndefined();
      expect(await store.userByToken('not a token')).toBeUndefined();
      await expect(store.addUser('ada', false)).rejects.toMatchObject({ code: 'CONFLICT', message: 'there is a user ada already' });
      await store.addUser('bob', false);
      expect((await store.listUsers()).map((u) => [u.name, u.admin])).toEqual([
        ['ada', true],
        ['bob', false],
      ]);
      expect((await store.removeUser('bob')).name).toBe('bob');
      await expect(store.removeUser('bob')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    const stored = db.prepare('SELECT token_hash FROM users').pluck().all() as string[];
    db.close();
    expect(stored).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });
});

describe('jobs', () => {
  it('are kept across reopening, newest first', async () => {
    const file = newFile();
    const store = await open(file);
    const job = { id: 'j1', videoId: VIDEO, state: 'fetching' as const, step: 'asking YouTube for the captions', startedAt: '2026-01-01T00:00:00.000Z' };
    await store.saveJob(job);
    await store.saveJob({ ...job, state: 'done', step: 'ready', finishedAt: '2026-01-01T00:00:05.000Z' });
    await store.close();
    const reopened = await open(file);
    try {
      expect(await reopened.getJob('j1')).toEqual({ ...job, state: 'done', step: 'ready', finishedAt: '2026-01-01T00:00:05.000Z' });
      expect(await reopened.getJob('nope')).toBeUndefined();
      expect((await reopened.listJobs(10)).map((j) => j.id)).toEqual(['j1']);
    } finally {
      await reopened.close();
    }
  });
});

describe('notes through the store', () => {
  it('a stale expectedUpdatedAt is a CONFLICT carrying the current note, and nothing is written', async () => {
    const store = await open(newFile());
    try {
      const note = await store.addNote({ videoId: VIDEO, start: 1, text: 'v1' });
      const v2 = await store.updateNote(note.id, { text: 'v2' }, { expectedUpdatedAt: note.updatedAt });
      await expect(store.updateNote(note.id, { text: 'lost?' }, { expectedUpdatedAt: note.updatedAt })).rejects.toMatchObject({
        code: 'CONFLICT',
        current: v2,
      });
      await expect(store.deleteNote(note.id, { expectedUpdatedAt: note.updatedAt })).rejects.toMatchObject({ code: 'CONFLICT', current: v2 });
      expect(await store.getNote(note.id)).toEqual(v2);
      // Two changes in one millisecond (or a clock set back) still move updatedAt: the first writer's version is stale.
      const now = new Date(v2.updatedAt);
      const v3 = await store.updateNote(note.id, { text: 'v3' }, { now });
      const v4 = await store.updateNote(note.id, { text: 'v4' }, { now });
      expect([v3.updatedAt > v2.updatedAt, v4.updatedAt > v3.updatedAt]).toEqual([true, true]);
      await expect(store.updateNote(note.id, { text: 'v5' }, { expectedUpdatedAt: v3.updatedAt })).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await store.close();
    }
  });
});
