import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/cli/program.js';
import { saveTranscript } from '../server/library.js';
import { NotesStore } from '../server/notes/store.js';
import { openPostgresStore, type PostgresStore } from '../server/store/postgres/engine.js';
import { mintToken } from '../server/store/userTokens.js';
import { describePg, freshDatabase, type TestDatabase } from './support/pg.js';
import { transcript } from './support/records.js';

/**
 * `panelnotes migrate --from-sqlite FILE --library DIR --database-url URL`: a single-user setup
 * copied into a team database, everything kept (ids, authors, token hashes), counts printed,
 * and a second run adding nothing. The source is only read.
 */

const VIDEO = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describePg('panelnotes migrate --from-sqlite', () => {
  let dir: string;
  let dbFile: string;
  let library: string;
  let database: TestDatabase;
  let team: PostgresStore | undefined;
  let token: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'panelnotes-migrate-'));
    dbFile = join(dir, 'notes.db');
    library = join(dir, 'library');
    await mkdir(library);
    await saveTranscript(library, transcript(VIDEO, [{ start: 0, duration: 2, text: 'hello there' }], { title: 'First talk' }));
    await saveTranscript(library, transcript(OTHER, [{ start: 0, duration: 2, text: 'second talk' }], { title: 'Second talk' }));
    const notes = NotesStore.open(dbFile);
    notes.addNote({ videoId: VIDEO, start: 1, text: 'one', tags: ['a'] });
    notes.addNote({ videoId: VIDEO, start: 2, end: 3, text: 'two' });
    notes.addNote({ videoId: OTHER, start: 5, text: 'three' });
    notes.turns.add(VIDEO, [{ start: 0, end: 1, name: 'Ada' }]);
    notes.turns.replaceSuggested(VIDEO, [{ start: 1, end: 2, name: 'Bea', confidence: 0.8 }]);
    notes.close();
    // Team-mode tables as the SQLite schema has them from version 5 on (a user, a job).
    const raw = new Database(dbFile);
    raw.exec(`CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, admin INTEGER NOT NULL DEFAULT 0, token_hash TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at TEXT NOT NULL);`);
    const minted = mintToken('ada');
    token = minted.token;
    raw.prepare('INSERT INTO users VALUES (?, 1, ?, ?)').run('ada', minted.hash, '2026-11-01T00:00:00.000Z');
    const job = { id: '00000000-0000-4000-8000-000000000001', videoId: VIDEO, state: 'done', step: 'done', startedAt: '2026-11-01T00:00:00.000Z' };
    raw.prepare('INSERT INTO jobs VALUES (?, ?, ?)').run(job.id, JSON.stringify(job), '2026-11-01T00:00:00.000Z');
    raw.close();
    database = await freshDatabase();
  });

  afterEach(async () => {
    await team?.close();
    team = undefined;
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const migrate = (): Promise<{ code: number; out: string; err: string }> =>
    cli('migrate', '--from-sqlite', dbFile, '--library', library, '--database-url', database.url);

  it('copies transcripts, notes, turns, users and jobs as they were, and prints the counts', async () => {
    const before = sha256(dbFile);
    const run = await migrate();
    expect(run).toEqual({
      code: 0,
      out: [
        'transcripts: 2 added, 0 already there',
        'notes: 3 added, 0 already there',
        'speaker turns: 2 added, 0 already there',
        'users: 1 added, 0 already there',
        'jobs: 1 added, 0 already there',
      ].join('\n'),
      err: '',
    });
    expect(sha256(dbFile)).toBe(before);

    team = await openPostgresStore({ url: database.url });
    const source = NotesStore.open(dbFile, { readOnly: true });
    try {
      expect(await team.listNotes()).toEqual(source.listNotes());
      expect(await team.listTurns()).toEqual(source.listTurns());
    } finally {
      source.close();
    }
    expect((await team.loadTranscripts()).videos.map((v) => v.title)).toEqual(['First talk', 'Second talk']);
    expect(await team.getTranscript(VIDEO)).toEqual(transcript(VIDEO, [{ start: 0, duration: 2, text: 'hello there' }], { title: 'First talk' }));
    // The hash came along: the token made in single-user setup still opens the door.
    expect(await team.userByToken(token)).toEqual({ name: 'ada', admin: true, createdAt: '2026-11-01T00:00:00.000Z' });
    expect((await team.getJob('00000000-0000-4000-8000-000000000001'))?.state).toBe('done');
  });

  it('adds nothing when run again, and keeps what the team changed since', async () => {
    expect((await migrate()).code).toBe(0);
    team = await openPostgresStore({ url: database.url });
    const [first] = await team.listNotes(VIDEO);
    await team.updateNote(first?.id as string, { text: 'edited by the team' });
    await team.putTranscript(transcript(OTHER, [{ start: 0, duration: 2, text: 'a better transcript' }], { title: 'Second talk' }));

    const again = await migrate();
    expect(again.code).toBe(0);
    expect(again.out).toBe(
      [
        'transcripts: 0 added, 2 already there',
        'notes: 0 added, 3 already there',
        'speaker turns: 0 added, 2 already there',
        'users: 0 added, 1 already there',
        'jobs: 0 added, 1 already there',
      ].join('\n'),
    );
    expect(again.err).toBe(`panelnotes: 1 transcript(s) differ from the team database's, which were kept: ${OTHER}`);
    expect((await team.getNote(first?.id as string))?.text).toBe('edited by the team');
    expect(await team.listNotes()).toHaveLength(3);
  });

  it('refuses a missing source file and a missing database URL in one line, copying nothing', async () => {
    const missing = await cli('migrate', '--from-sqlite', join(dir, 'nope.db'), '--library', library, '--database-url', database.url);
    expect(missing.code).toBe(3);
    expect(missing.err).toBe(
      `panelnotes: there is no notes database at ${join(dir, 'nope.db')} (hint: give the file with --from-sqlite (default place: data/panelnotes.db))`,
    );
    const noUrl = await cli('migrate', '--from-sqlite', dbFile, '--library', library);
    expect(noUrl.code).toBe(2);
    expect(noUrl.err).toMatch(/^panelnotes: migrate needs the team database to copy into/);
    team = await openPostgresStore({ url: database.url });
    expect(await team.listNotes()).toEqual([]);
  });
});
