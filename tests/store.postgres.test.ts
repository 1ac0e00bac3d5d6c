import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { Change } from '../server/services/changes.js';
import { openPostgresStore, type PostgresStore } from '../server/store/postgres/engine.js';
import { LISTENER_NAME } from '../server/store/postgres/listener.js';
import { SCHEMA_VERSION } from '../server/store/postgres/migrations.js';
import { eventually } from './support/engines.js';
import { rejection } from './support/expectations.js';
import { ADMIN_URL, describePg, freshDatabase, type TestDatabase } from './support/pg.js';
import { transcript } from './support/records.js';

/**
 * What only the team engine has (the rest is tests/store.contract.test.ts): migrations under an
 * advisory lock, a newer schema refused, clear failures to connect, and an instance that loses
 * its connection: writes refused with 503 while it is away, then back by itself, catching up on
 * exactly what changed meanwhile.
 */

const VIDEO = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';

/** A loopback port nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describePg('the PostgreSQL store', () => {
  let database: TestDatabase;
  const stores: PostgresStore[] = [];
  const open = async (url = database.url, log?: (line: string) => void): Promise<PostgresStore> => {
    const store = await openPostgresStore({ url, backoff: { firstMs: 20, maxMs: 200 }, ...(log ? { log } : {}) });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await database?.drop();
  });

  describe('migrations', () => {
    it('migrates once when several instances start together', async () => {
      database = await freshDatabase();
      await Promise.all([open(), open(), open(), open()]);
      const store = stores[0] as PostgresStore;
      await store.addNote({ videoId: VIDEO, start: 1, text: 'works' });
      const versions = await onDatabase(database, 'SELECT version FROM schema_version ORDER BY version');
      expect(versions.map((r) => r.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    });

    it('refuses a database a newer panelnotes wrote, in one line, and leaves it as it is', async () => {
      database = await freshDatabase();
      const first = await open();
      await first.addNote({ videoId: VIDEO, start: 1, text: 'kept' });
      await onDatabase(database, 'INSERT INTO schema_version (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
      const refused = await rejection(open());
      expect(refused.code).toBe('LIBRARY_CORRUPT');
      const where = `${new URL(database.url).host}/${database.name}`;
      expect(refused.message).toBe(
        `the team database ${where} was written by a newer panelnotes (schema ${SCHEMA_VERSION + 1}, this one knows ${SCHEMA_VERSION}); update panelnotes`,
      );
      expect(await onDatabase(database, 'SELECT text FROM notes')).toEqual([{ text: 'kept' }]);
    });
  });

  describe('connecting', () => {
    it.each([
      ['not a URL', 'db.internal/panelnotes', /is not a URL/],
      ['another scheme', 'mysql://u:p@db.internal/panelnotes', /must start with postgres:\/\/ or postgresql:\/\/ \(it starts with mysql:\/\/\)/],
      ['no database named', 'postgres://u:p@db.internal:5432', /names no database/],
    ])('refuses %s before connecting', async (_, url, message) => {
      const refused = await rejection(openPostgresStore({ url }));
      expect(refused.code).toBe('USAGE');
      expect(refused.message).toMatch(message);
      expect(refused.message).not.toContain(':p@');
    });

    it('says plainly that a server cannot be reached, naming where and not the password', async () => {
      const port = await closedPort();
      const refused = await rejection(openPostgresStore({ url: `postgres://panelnotes:hunter2@127.0.0.1:${port}/team` }));
      expect([refused.code, refused.httpStatus]).toEqual(['DATABASE_UNAVAILABLE', 503]);
      expect(refused.message).toMatch(
        new RegExp(`^cannot reach the team database 127\\.0\\.0\\.1:${port}/team \\(.*ECONNREFUSED.*\\); panelnotes did not start$`),
      );
      expect(refused.message).not.toContain('hunter2');
    });

    it('says a login was refused, and a database that does not exist', async () => {
      database = await freshDatabase();
      const wrong = new URL(database.url);
      wrong.password = 'not-the-password';
      const login = await rejection(openPostgresStore({ url: wrong.toString() }));
      expect(login.code).toBe('DATABASE_UNAVAILABLE');
      expect(login.message).toMatch(/refused the login: password authentication failed for user "postgres"; panelnotes did not start/);
      expect(login.message).not.toContain('not-the-password');
      const missing = new URL(database.url);
      missing.pathname = '/no_such_database';
      expect((await rejection(openPostgresStore({ url: missing.toString() }))).message).toMatch(/no_such_database does not exist/);
    });
  });

  it('keeps only the hash of a token', async () => {
    database = await freshDatabase();
    const store = await open();
    const { token } = await store.addUser('ada', false);
    const secret = token.slice('ada.'.length);
    const rows = await onDatabase(database, 'SELECT * FROM users');
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
  });

  it('does not hear back its own writes to notes and speakers (applied where they were made), only other instances’', async () => {
    database = await freshDatabase();
    const a = await open();
    const b = await open();
    const heard: Change[] = [];
    a.changes.start((change) => heard.push(change));
    // Listening first (what was written before is caught up from the change log, whoever wrote it).
    await b.addNote({ videoId: OTHER, start: 0, text: 'before' });
    await eventually(() => heard.length === 1);
    heard.length = 0;
    await a.addNote({ videoId: VIDEO, start: 1, text: 'mine' });
    await a.addTurns(VIDEO, [{ start: 0, end: 1, name: 'Ada' }]);
    await a.putTranscript(transcript(OTHER, [{ start: 0, duration: 1, text: 'hi' }]));
    await b.addNote({ videoId: OTHER, start: 1, text: 'theirs' });
    // Changes are heard in the order they were made: once the other's is in, A's own would have been.
    await eventually(() => heard.some((c) => c.kind === 'notes'));
    expect(heard).toEqual([
      { kind: 'transcript', videoId: OTHER },
      { kind: 'notes', videoId: OTHER },
    ]);
  });

  describe('losing the connection', () => {
    it('refuses writes with 503 while away, then reconnects and catches up on exactly what changed', async () => {
      database = await freshDatabase({ owner: true });
      const owner = database.owner as string;
      const lines: string[] = [];
      const a = await open(database.url, (line) => lines.push(line));
      const b = await open(database.adminUrl);
      const heard: Change[] = [];
      a.changes.start((change) => heard.push(change));
      await b.addNote({ videoId: VIDEO, start: 1, text: 'before' });
      await eventually(() => heard.length === 1);
      heard.length = 0;

      // Cut A off: its role may not log in, and its connections are ended.
      await database.admin(`ALTER ROLE ${owner} NOLOGIN`);
      await database.admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [owner]);
      await eventually(() => !a.writable());
      const refused = await rejection(a.addNote({ videoId: VIDEO, start: 2, text: 'while away' }));
      expect([refused.code, refused.httpStatus]).toEqual(['DATABASE_UNAVAILABLE', 503]);
      expect(refused.message).toMatch(/^the team database .* cannot be reached; nothing was changed$/);
      expect((await rejection(a.listNotes(VIDEO))).code).toBe('DATABASE_UNAVAILABLE');

      // Meanwhile another instance writes: three notes to one talk, a transcript, a speaker turn.
      for (const start of [3, 4, 5]) await b.addNote({ videoId: VIDEO, start, text: `elsewhere ${start}` });
      await b.putTranscript(transcript(OTHER, [{ start: 0, duration: 1, text: 'hi' }]));
      await b.addTurns(VIDEO, [{ start: 0, end: 1, name: 'Ada' }]);
      expect(heard).toEqual([]);

      await database.admin(`ALTER ROLE ${owner} LOGIN`);
      await eventually(() => a.writable());
      // Each talk and kind changed is said once, in the order of its last change: not a reload of everything.
      expect(heard).toEqual([
        { kind: 'notes', videoId: VIDEO },
        { kind: 'transcript', videoId: OTHER },
        { kind: 'speakers', videoId: VIDEO },
      ]);
      expect((await a.listNotes(VIDEO)).map((n) => n.text)).toEqual(['before', 'elsewhere 3', 'elsewhere 4', 'elsewhere 5']);
      await a.addNote({ videoId: VIDEO, start: 6, text: 'back' });
      expect(lines.some((line) => /lost the connection/.test(line))).toBe(true);
      expect(lines.some((line) => /caught up on 3 change\(s\)/.test(line))).toBe(true);
      expect(lines.join('\n')).not.toContain(new URL(database.url).password);
    });

    it('comes back by itself after its listening connection is terminated, and hears changes again', async () => {
      database = await freshDatabase();
      const a = await open();
      const b = await open();
      const heard: Change[] = [];
      a.changes.start((change) => heard.push(change));
      const listener = async (): Promise<number[]> =>
        (await onDatabase(database, 'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [LISTENER_NAME, database.name])).map(
          (r) => r.pid as number,
        );
      await eventually(async () => (await listener()).length === 1);
      const [first] = await listener();
      await database.admin('SELECT pg_terminate_backend($1)', [first]);
      await eventually(async () => {
        const now = await listener();
        return now.length === 1 && now[0] !== first && a.writable();
      });
      await b.addNote({ videoId: OTHER, start: 1, text: 'after' });
      await eventually(() => heard.some((c) => c.kind === 'notes' && c.videoId === OTHER));
    });
  });
});

/** Runs SQL on a test database as the superuser. */
async function onDatabase(database: TestDatabase, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

if (!ADMIN_URL) it.skip('PostgreSQL tests: no test cluster here', () => undefined);
