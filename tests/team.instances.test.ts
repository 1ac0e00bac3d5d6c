import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../server/store/postgres/engine.js';
import { freePort, serverEnv } from './support/builtServer.js';
import { ADMIN_URL, describePg, freshDatabase, type TestDatabase } from './support/pg.js';

/**
 * Team mode end to end (issue 16, "many instances, one truth"): the built server
 * (`node dist/server/main.js`, as `npm start` runs it) twice, on one PostgreSQL database of the
 * test cluster, each writing with a user's own token. What one instance is told, the other
 * serves; an instance cut off from the database keeps serving reads, refuses writes with 503,
 * reconnects by itself and catches up; two edits of one note at once lose nothing without a
 * trace; an instance killed mid-burst loses no note it acknowledged.
 */

const MAIN = resolve('dist/server/main.js');
const SAMPLE = 'S6Sjj6OtyvY';
/** Instance A connects as the database's owner (a role a test can cut off), B as the superuser. */
const OWNER_CUT_WINDOW_MS = 1500;

interface Instance {
  name: string;
  child: ChildProcess;
  url: string;
  /** What it printed on stdout before serving: its start-up line. */
  started: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Starts the built server on `databaseUrl` and resolves once it says where it serves. No library
 * folder is given: a team database's talks are its own, and the shipped sample is offered beneath
 * them as the default library offers it.
 */
async function startInstance(name: string, databaseUrl: string): Promise<Instance> {
  const port = await freePort();
  const env = serverEnv({
    HOST: '127.0.0.1',
    PORT: String(port),
    PANELNOTES_DATABASE_URL: databaseUrl,
    PANELNOTES_FETCH_ON_START: '0',
    PANELNOTES_LOG_LEVEL: 'warn',
    PANELNOTES_RATE_WRITES: '100000',
  });
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const started = await new Promise<string>((ready, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name} did not start within 30 s\n${out}`)), 30_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = /^panelnotes: serving .*$/m.exec(out);
      if (line) {
        clearTimeout(timer);
        ready(line[0]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited (${code ?? signal}) before serving\n${out}`));
    });
  });
  return { name, child, url: `http://127.0.0.1:${port}`, started, exited, output: () => out };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  instance.child.kill('SIGTERM');
  await instance.exited;
}

/** One request as a program makes it (a user's token as a Bearer header, JSON or a multipart form), or with a browser's cookie. */
async function call(
  instance: Instance,
  method: string,
  path: string,
  options: { token?: string; cookie?: string; json?: unknown; form?: FormData; timeoutMs?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | FormData | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else body = options.form;
  const res = await fetch(`${instance.url}${path}`, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) parsed = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, body: parsed, text };
}

/** Asks until `check` answers true or `ms` pass; resolves to how long it took (ms), fails after the deadline. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const from = performance.now();
  for (;;) {
    if (await check()) return performance.now() - from;
    if (performance.now() - from > ms) throw new Error(`${what}: not so within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The notes search finds on an instance for a word, by id. */
async function noteHits(instance: Instance, word: string): Promise<string[]> {
  const res = await call(instance, 'GET', `/api/search?q=${encodeURIComponent(word)}`);
  expect(res.status).toBe(200);
  return (res.body.results as { kind: string; noteId?: string }[]).filter((r) => r.kind === 'note').map((r) => r.noteId as string);
}

/** A word found nowhere else, so a hit on it is the one note that carries it. */
function uniqueWord(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 10).replace(/\d/g, 'q')}`;
}

async function rows(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function addUsers(url: string, ...names: [string, boolean][]): Promise<Record<string, string>> {
  const store = await openPostgresStore({ url });
  try {
    const tokens: Record<string, string> = {};
    for (const [name, admin] of names) tokens[name] = (await store.addUser(name, admin)).token;
    return tokens;
  } finally {
    await store.close();
  }
}

const describeTeam = existsSync(MAIN) ? describePg : describe.skip;
if (!existsSync(MAIN)) process.stdout.write(`notice: team instance tests skipped: ${MAIN} not built (npm test builds it)\n`);
if (!ADMIN_URL) process.stdout.write('notice: team instance tests skipped: no test PostgreSQL cluster\n');

describeTeam('two instances on one team database (the built server as child processes)', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase({ owner: true });
    tokens = await addUsers(database.url, ['ada', false], ['bob', true], ['cy', false]);
    // One after the other: the second finds the index data the first put in the database.
    a = await startInstance('A', database.url);
    b = await startInstance('B', database.adminUrl);
  }, 90_000);

  afterAll(async () => {
    await stopInstance(a);
    await stopInstance(b);
    await database?.drop();
  });

  it('offers the shipped sample, marked as one; the second instance builds no index but loads the one the first put in the database', async () => {
    expect(a.started).toMatch(/^panelnotes: serving 1 video\(s\) \(1 sample\), \d+ passages on .*; indexes: 0 loaded, 1 built\)$/);
    expect(b.started).toMatch(/^panelnotes: serving 1 video\(s\) \(1 sample\), \d+ passages on .*; indexes: 1 loaded, 0 built\)$/);
    const library = await call(b, 'GET', '/');
    expect(library.status).toBe(200);
    expect(library.text).toMatch(/<span class="badge sample"[^>]*>sample<\/span>/);
    // A sample is never written to the database: nothing for instances starting together to race for.
    expect(await rows(database.adminUrl, 'SELECT video_id FROM transcripts')).toEqual([]);
  });

  it('finds by /api/search on B, within 1 s, a note added through A', async () => {
    const word = uniqueWord('quorumnote');
    const added = await call(a, 'POST', `/api/videos/${SAMPLE}/notes`, { token: tokens.ada, json: { start: 42, text: `the ${word} came up twice` } });
    expect(added.status).toBe(201);
    expect(added.body.author).toBe('ada');
    const tookMs = await within(1000, 'the note found on B', async () => (await noteHits(b, word)).includes(added.body.id as string));
    process.stdout.write(`team: a note added on A was found by search on B after ${Math.round(tookMs)} ms\n`);
  });

  it('shows on A the talk imported through B, on the library page and in search', async () => {
    const word = uniqueWord('flywheel');
    const vtt = `WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nThe ${word} keeps the storage cluster spinning.\n\n00:01:00.000 --> 00:01:04.000\nQuestions from the floor.\n`;
    const form = new FormData();
    form.set('video', 'kvmTeam0001');
    form.set('title', 'Storage flywheels for teams');
    form.set('file', new Blob([vtt], { type: 'text/vtt' }), 'talk.vtt');
    const imported = await call(b, 'POST', '/api/videos', { token: tokens.cy, form });
    expect(imported.status).toBe(201);
    await within(10_000, 'the talk on A', async () => (await call(a, 'GET', '/')).text.includes('Storage flywheels for teams'));
    const found = await call(a, 'GET', `/api/search?q=${word}`);
    expect((found.body.results as { videoId: string }[]).map((r) => r.videoId)).toContain('kvmTeam0001');
    // A third instance, started now, loads both talks' index data and builds nothing.
    const c = await startInstance('C', database.adminUrl);
    try {
      expect(c.started).toMatch(/serving 2 video\(s\) \(1 sample\), .*; indexes: 2 loaded, 0 built\)$/);
    } finally {
      await stopInstance(c);
    }
  }, 60_000);

  it('two people editing one note at once through A and B: one edit wins, the other gets 409 with the note as it stands', async () => {
    const note = await call(a, 'POST', `/api/videos/${SAMPLE}/notes`, { token: tokens.ada, json: { start: 90, text: 'first draft' } });
    expect(note.status).toBe(201);
    const seen = note.body.updatedAt as string;
    const id = note.body.id as string;
    const [byAda, byBob] = await Promise.all([
      call(a, 'PATCH', `/api/notes/${id}`, { token: tokens.ada, json: { text: 'edited by ada', updatedAt: seen } }),
      call(b, 'PATCH', `/api/notes/${id}`, { token: tokens.bob, json: { text: 'edited by bob', updatedAt: seen } }),
    ]);
    expect([byAda.status, byBob.status].sort()).toEqual([200, 409]);
    const [winner, loser] = byAda.status === 200 ? [byAda, byBob] : [byBob, byAda];
    expect((loser.body.error as { code: string }).code).toBe('CONFLICT');
    // The refused writer is told what stands now: the winner's edit, whole.
    expect(loser.body.current).toEqual(winner.body);
    for (const instance of [a, b]) {
      const now = await call(instance, 'GET', `/api/notes/${id}`);
      expect(now.body).toEqual(winner.body);
    }
  });

  it('an instance cut off from the database keeps serving reads, answers writes 503, reconnects by itself and catches up', async () => {
    const owner = database.owner as string;
    const whileAway = uniqueWord('absentee');
    // Ada has written through A before; Cy never has.
    expect((await call(a, 'POST', `/api/videos/${SAMPLE}/notes`, { token: tokens.ada, json: { start: 4, text: 'before the cut' } })).status).toBe(201);
    // The owner role A connects as may not log in again, and its sessions end: A is cut off.
    await database.admin(`ALTER ROLE ${owner} NOLOGIN`);
    let cutAt = 0;
    try {
      await database.admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [owner]);
      cutAt = performance.now();
      // Until A notices, a write may still be refused for another reason (its pooled connection ended): wait for the 503.
      const refused = await new Promise<Answer>((done, fail) => {
        const until = performance.now() + 10_000;
        const attempt = async (): Promise<void> => {
          const res = await call(a, 'POST', `/api/videos/${SAMPLE}/notes`, { token: tokens.ada, json: { start: 5, text: 'written while cut off' } });
          if (res.status === 503 || performance.now() > until) done(res);
          else setTimeout(() => void attempt().catch(fail), 20);
        };
        void attempt().catch(fail);
      });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/team database .* nothing was changed/) });
      expect(JSON.stringify(refused.body)).not.toMatch(/password|\s+at \S+ \(/);
      // Someone whose token this instance has not checked yet: the same answer, saying why.
      const unchecked = await call(a, 'POST', `/api/videos/${SAMPLE}/notes`, { token: tokens.cy, json: { start: 6, text: 'also while cut off' } });
      expect(unchecked.status).toBe(503);
      expect(unchecked.body.error).toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
        message: expect.stringMatching(/team database .* to check the token; nothing was changed/),
      });
      // Reads from memory go on: the library page, search, and a page with a form for a signed-in browser (its token cookie is checked).
      expect((await call(a, 'GET', '/')).status).toBe(200);
      expect((await call(a, 'GET', '/videos/new', { cookie: `pn_token=${tokens.ada}` })).status).toBe(200);
      expect((await call(a, 'GET', '/api/search?q=storage')).status).toBe(200);
      // Meanwhile B writes a note A has not heard of.
      const meanwhile = await call(b, 'POST', `/api/videos/${SAMPLE}/notes`, { token: tokens.bob, json: { start: 7, text: `the ${whileAway} point` } });
      expect(meanwhile.status).toBe(201);
      expect(await noteHits(a, whileAway)).toEqual([]);
      const waited = OWNER_CUT_WINDOW_MS - (performance.now() - cutAt);
      if (waited > 0) await new Promise((r) => setTimeout(r, waited));
    } finally {
      await database.admin(`ALTER ROLE ${owner} LOGIN`);
    }
    // A reconnects by itself (backing off up to 5 s) and catches up on B's note.
    const meanwhileId = (await noteHits(b, whileAway))[0];
    await within(20_000, 'A caught up on the note B wrote while A was away', async () => (await noteHits(a, whileAway)).includes(meanwhileId as string));
    expect(a.output()).toMatch(/team database: lost the connection/);
    expect(a.output()).toMatch(/team database: caught up on \d+ change\(s\) made while away/);
    // And writes again: a note written on A is found on B.
    const after = uniqueWord('returnee');
    const back = await call(a, 'POST', `/api/videos/${SAMPLE}/notes`, { token: tokens.ada, json: { start: 8, text: `the ${after} point` } });
    expect(back.status).toBe(201);
    await within(5000, "A's note found on B", async () => (await noteHits(b, after)).includes(back.body.id as string));
  }, 60_000);
});

/**
 * Notes written at once, and at most this many in all; how long the burst runs before the kill
 * (longer than the SQLite drill's 300 ms: a fresh instance's first writes open its pool's connections).
 */
const CONCURRENCY = 20;
const MAX_WRITES = 4000;
const WRITE_MS = 1000;

describeTeam('durability on a team database: an instance killed (SIGKILL) mid-burst loses no acknowledged note', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database?.drop());

  it('keeps every note answered 201, and the other instance serves them all', async () => {
    const { ada } = await addUsers(database.url, ['ada', false]);
    const a = await startInstance('A', database.url);
    const b = await startInstance('B', database.url);
    const acknowledged: { id: string; text: string }[] = [];
    const other: number[] = [];
    let sent = 0;
    let unanswered = 0;
    let gone = false;
    void a.exited.then(() => (gone = true));
    let timer: NodeJS.Timeout | undefined;
    const worker = async (): Promise<void> => {
      while (!gone && sent < MAX_WRITES) {
        const n = sent++;
        const text = `team durability note ${n}: acknowledged means committed`;
        try {
          const res = await call(a, 'POST', `/api/videos/${SAMPLE}/notes`, { token: ada, json: { start: n % 3000, text } });
          if (res.status === 201) {
            acknowledged.push({ id: res.body.id as string, text });
            timer ??= setTimeout(() => a.child.kill('SIGKILL'), WRITE_MS);
          } else other.push(res.status);
        } catch {
          unanswered++;
          await Promise.race([a.exited, new Promise((r) => setTimeout(r, 20))]);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearTimeout(timer);
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(sent).toBeLessThan(MAX_WRITES); // killed mid-burst, not after it
    expect(other).toEqual([]);

    // In the database, read afresh: every acknowledged note, whole; nothing that was not sent.
    const store = await openPostgresStore({ url: database.url });
    let stored: Map<string, string>;
    try {
      stored = new Map((await store.listNotes(SAMPLE)).map((n) => [n.id, n.text]));
    } finally {
      await store.close();
    }
    process.stdout.write(
      `team durability (SIGKILL): ${sent} writes sent, ${acknowledged.length} acknowledged (201), ${unanswered} unanswered; ` +
        `${acknowledged.filter((n) => stored.get(n.id) === n.text).length} of the acknowledged in the database, ${stored.size} notes in all\n`,
    );
    expect(acknowledged.filter((n) => stored.get(n.id) !== n.text)).toEqual([]);
    expect(stored.size).toBeLessThanOrEqual(sent);

    // The instance that stayed serves them all, and so does the killed one started again.
    const restarted = await startInstance('A again', database.url);
    try {
      for (const instance of [b, restarted]) {
        const listed = await call(instance, 'GET', `/api/videos/${SAMPLE}/notes?limit=1`);
        expect(listed.status).toBe(200);
        expect(listed.body.total).toBe(stored.size);
      }
    } finally {
      await stopInstance(restarted);
      await stopInstance(b);
    }
  }, 90_000);
});
