import { jest } from '@jest/globals';
import Database from 'better-sqlite3';
import type { Express } from 'express';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadSearch } from '../server/search/load.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { createApp } from '../server/app.js';
import { NotesStore } from '../server/notes/store.js';
import type { SqliteStore } from '../server/store/sqlite/engine.js';
import { SAMPLE_DIR } from '../server/config.js';
import { Catalog } from '../server/services/catalog.js';
import { FolderTranscripts } from '../server/store/sqlite/folderTranscripts.js';
import { openServices, type Services } from '../server/services/open.js';
import type { FetchLike, FetchOptions } from '../server/youtube/types.js';
import { fakeYouTube, hang, ok, status, youtubeFixture } from './support/fakeYouTube.js';
import { formAgent } from './support/formAgent.js';
import { describeWhen } from './support/sharedFixtures.js';
import { freshApps, listen } from './support/testApp.js';
import { STORAGE_VTT } from './support/routes.js';

/**
 * Failure drills: YouTube failing in each way it does, the disk refusing writes, a transcript
 * cut short on disk, and two fetches of one video at once. Each drill checks the failure is
 * reported as itself and that the server goes on answering.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';
const VTT2 = ['WEBVTT', '', '00:00:02.000 --> 00:00:05.000', 'A completely different replacement transcript.', ''].join('\n');

type Body = Record<string, unknown>;
interface Job {
  id: string;
  videoId: string;
  state: string;
  error?: { code: string; message: string; hint?: string; status: number };
}

const { fresh, gated } = freshApps();

/** Apps built here with their own fetch options (testApp fixes the timeout at 2 s). */
const made: (Services & { dir: string })[] = [];
afterAll(async () => {
  for (const s of made) {
    await s.jobs.idle();
    await s.store.close();
    await rm(s.dir, { recursive: true, force: true });
  }
});

/** Like testApp, but with the fetch options given: short timeouts keep the drills quick. */
async function quickApp(fetch: FetchLike, options: Partial<FetchOptions> = {}): Promise<{ app: Express } & Services> {
  const dir = await mkdtemp(join(tmpdir(), 'panelnotes-drill-'));
  await copyFile(join(SAMPLE_DIR, `${SAMPLE}.json`), join(dir, `${SAMPLE}.json`));
  const services = await openServices({
    libraryDir: dir,
    cacheDir: join(dir, '.index'),
    vocabulary: loadVocabulary(),
    dbFile: join(dir, '.notes.db'),
    fetch: { fetch, retries: 1, backoffMs: 1, timeoutMs: 300, ...options },
  });
  made.push({ ...services, dir });
  return { app: createApp({ ...services, libraryDir: dir }), ...services };
}

async function finished(app: Express, id: string): Promise<Job> {
  for (let i = 0; i < 500; i++) {
    const res = await request(app).get(`/api/jobs/${id}`);
    expect(res.status).toBe(200);
    const job = res.body as Job;
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job ${id} did not finish`);
}

async function startFetch(app: Express, url = OTHER): Promise<Job> {
  const res = await request(app).post('/api/videos').send({ url });
  expect(res.status).toBe(202);
  return res.body as Job;
}

const fixtureFor = (name: string): string => youtubeFixture(name).replaceAll(SAMPLE, OTHER);
const playerOk = () => ok(fixtureFor('player-ok.json'), 'application/json');
const timedtextOk = () => ok(youtubeFixture('timedtext-srv1.xml'), 'text/xml');

/** The server still answers a search, and quickly. */
async function stillServing(app: Express, withinMs = 1000): Promise<void> {
  const started = Date.now();
  const res = await request(app).get('/api/search').query({ q: 'virtualization' });
  expect(res.status).toBe(200);
  expect((res.body as { total: number }).total).toBeGreaterThan(0);
  expect(Date.now() - started).toBeLessThan(withinMs);
}

describe('drill: YouTube failing', () => {
  it('429, then 500 (retried), then hanging: each job fails as itself, and the server answers throughout', async () => {
    // One fake YouTube for three fetches in turn: the answers run down the list.
    const yt = fakeYouTube({ player: [status(429), status(500), status(500), hang], watch: [status(429), status(500), status(500), hang] });
    const { app } = await quickApp(yt.fetch, { timeoutMs: 400, retries: 1 });

    // 429: rate limited, not retried.
    const limited = await finished(app, (await startFetch(app)).id);
    expect(limited.state).toBe('failed');
    expect(limited.error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(limited.error?.message).toMatch(/too many requests/);
    expect(limited.error?.hint).toMatch(/wait an hour/);
    expect(yt.count('player')).toBe(1);

    // 500 twice: retried once (retries: 1), then UPSTREAM_FAILED as a 502.
    const broken = await finished(app, (await startFetch(app)).id);
    expect(broken.state).toBe('failed');
    expect(broken.error).toMatchObject({ code: 'UPSTREAM_FAILED', status: 502, message: 'YouTube answered with a server error (HTTP 500)' });
    expect(yt.count('player')).toBe(3);
    await stillServing(app);

    // Hanging: each attempt times out after 0.4 s; while it hangs the server keeps answering.
    const started = Date.now();
    const hanging = await startFetch(app);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await request(app).get(`/api/jobs/${hanging.id}`)).body).toMatchObject({ state: 'fetching' });
    await stillServing(app, 300);
    expect((await request(app).get('/api/videos')).status).toBe(200);
    const timedOut = await finished(app, hanging.id);
    expect(timedOut.state).toBe('failed');
    expect(timedOut.error).toMatchObject({ code: 'UPSTREAM_FAILED', status: 502, message: 'YouTube did not answer within 0.4 s' });
    expect(yt.count('player')).toBe(5); // both attempts asked the player, and neither got an answer
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(Date.now() - started).toBeLessThan(5000);
    await stillServing(app);
  });

  it('500 once, then YouTube answers: the retry fetches the video', async () => {
    const yt = fakeYouTube({ player: [status(500), playerOk()], watch: status(500), timedtext: timedtextOk() });
    const { app } = await quickApp(yt.fetch);

    const job = await finished(app, (await startFetch(app)).id);

    expect(job.state).toBe('done');
    expect(yt.count('player')).toBe(2);
    expect((await request(app).get(`/api/videos/${OTHER}`)).status).toBe(200);
  });
});

describe('drill: the disk refuses writes', () => {
  /**
   * Makes saving into `dir` fail. chmod 0o500 first; the tests run as root, whom a mode does not
   * stop, so when a probe write still succeeds the folder is moved aside and a plain file put
   * at its path: mkdir and the temporary file then fail with EEXIST/ENOTDIR. Returns where the
   * old transcripts now are, and a function putting everything back.
   */
  async function refuseWrites(dir: string): Promise<{ method: string; files: string; restore: () => Promise<void> }> {
    await chmod(dir, 0o500);
    try {
      await writeFile(join(dir, '.probe'), 'x');
      await rm(join(dir, '.probe'), { force: true });
    } catch {
      return { method: 'chmod 0o500', files: dir, restore: () => chmod(dir, 0o700) };
    }
    await chmod(dir, 0o700);
    const aside = `${dir}.aside`;
    await rename(dir, aside);
    await writeFile(dir, 'not a folder: the library was moved aside for a drill\n');
    return {
      method: 'library folder replaced by a file',
      files: aside,
      restore: async () => {
        await rm(dir, { force: true });
        await rename(aside, dir);
      },
    };
  }

  it('importing a caption file: a clear 500 LIBRARY_WRITE_FAILED, the old transcript intact, the server serving', async () => {
    const t = await fresh();
    expect((await request(t.app).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(STORAGE_VTT), 'talk.vtt')).status).toBe(201);
    const path = join(t.libraryDir, `${OTHER}.json`);
    const before = await readFile(path);

    const refused = await refuseWrites(t.libraryDir);
    try {
      const res = await request(t.app).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(VTT2), 'other.vtt');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        error: { code: 'LIBRARY_WRITE_FAILED', message: expect.stringMatching(new RegExp(`^could not save .*${OTHER}\\.json: E[A-Z]+`)) },
      });

      // The page form says the same, on the add page, not a crash.
      const browser = await formAgent(t.app);
      const page = await browser.upload('/videos/upload').field('video', OTHER).attach('file', Buffer.from(VTT2), 'other.vtt');
      expect(page.status).toBe(500);
      expect(page.text).toContain('could not save');

      // Serving goes on: search, and the old transcript as it was.
      await stillServing(t.app);
      const video = await request(t.app).get(`/api/videos/${OTHER}`);
      expect(video.status).toBe(200);
      expect(JSON.stringify(video.body)).toContain('snapshots');
      expect(JSON.stringify(video.body)).not.toContain('replacement');
      expect(await readFile(join(refused.files, `${OTHER}.json`))).toEqual(before);
    } finally {
      await refused.restore();
    }
    expect(await readFile(path)).toEqual(before);
    // Nothing left behind: no temporary files in the library.
    expect((await readdir(t.libraryDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    process.stdout.write(`drill: saving was made to fail by ${refused.method}\n`);
  });

  /** Another connection holds SQLite's write lock, as another process writing would. */
  function lockDatabase(file: string): () => void {
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    return () => {
      other.exec('ROLLBACK');
      other.close();
    };
  }

  /** Posts a note while another connection holds the database's write lock. */
  async function postNoteWhileLocked(t: { app: Parameters<typeof request>[0]; sqliteStore: { file: string } }): Promise<request.Response> {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const unlock = lockDatabase(t.sqliteStore.file);
    try {
      return await request(t.app).post(`/api/videos/${SAMPLE}/notes`).send({ start: 5, text: 'written while locked' });
    } finally {
      unlock();
      stderr.mockRestore();
    }
  }

  it('saving a note with the database locked: an error answer, no note half-saved, notes work again after', async () => {
    const t = await fresh();
    const res = await postNoteWhileLocked(t);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(Object.keys(res.body as Body)).toEqual(['error']);
    expect(JSON.stringify(res.body)).not.toMatch(/\s+at \S+ \(|node_modules|SqliteError/);

    await stillServing(t.app);
    expect((await request(t.app).get(`/api/videos/${SAMPLE}/notes`)).body).toEqual({ total: 0, notes: [] });
    const again = await request(t.app).post(`/api/videos/${SAMPLE}/notes`).send({ start: 5, text: 'written after' });
    expect(again.status).toBe(201);
  }, 15000);

  // Found by this drill: a refused SQLite write once reached the user as a generic 500.
  it('saving a note with the database locked: the answer says the notes database could not be written', async () => {
    const t = await fresh();
    const res = await postNoteWhileLocked(t);
    const error = (res.body as { error: { code: string; message: string } }).error;
    expect(error.code).not.toBe('INTERNAL');
    expect(error.message).toMatch(/database|notes/i);
  }, 15000);

  // Found by this drill: better-sqlite3 waits for a lock synchronously, and with its default
  // 5 s busy timeout one waiting write once stopped every request for 5 s.
  it('while a note write waits on a locked database, other requests are still answered quickly', async () => {
    const t = await fresh();
    const { url, close } = await listen(t.app);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const unlock = lockDatabase(t.sqliteStore.file);
    try {
      // Client and server share this process: a blocked event loop delays the timer too, so the
      // time is taken from before the write was sent.
      const started = Date.now();
      const write = fetch(`${url}/api/videos/${SAMPLE}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ start: 5, text: 'x' }),
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const search = await fetch(`${url}/api/search?q=virtualization`);
      const took = Date.now() - started;
      await write.catch(() => undefined);
      expect(search.status).toBe(200);
      expect(took).toBeLessThan(1500);
    } finally {
      unlock();
      stderr.mockRestore();
      await close();
    }
  }, 15000);
});

/**
 * A real small disk: a 1 MB tmpfs mounted for the drill. Mounting needs root (CI runs as
 * root); elsewhere the drill is skipped with a notice, and the same errors are checked without
 * a disk in tests/notes.store.test.ts and tests/library.test.ts.
 */
function mountSmallDisk(): { dir: string; remount: (options: string) => void; unmount: () => void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'panelnotes-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'panelnotes-drill', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    remount: (options) => execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'ignore' }),
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes to `file` until the disk says it is full; returns how many bytes fitted. */
function fillDisk(file: string): number {
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    for (let size = 64 * 1024; size >= 1; size >>= 1) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

const disk = mountSmallDisk();
/** Folders beside the small disk (index caches, a database), removed with it. */
const scratch: string[] = [];
const scratchDir = (name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `panelnotes-${name}-`));
  scratch.push(dir);
  return dir;
};
// Here, not in the suite: a suite whose tests are all filtered out never runs its afterAll.
afterAll(() => {
  disk?.unmount();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describeWhen(disk !== undefined, 'drill: the disk full, then read-only', 'mounting a 1 MB tmpfs needs root', () => {
  const { dir } = disk as NonNullable<typeof disk>;
  const library = join(dir, 'library');
  const filler = join(dir, 'filler');
  const transcript = join(library, `${OTHER}.json`);
  let services: Services;
  let app: Express;
  beforeAll(async () => {
    mkdirSync(library);
    await copyFile(join(SAMPLE_DIR, `${SAMPLE}.json`), join(library, `${SAMPLE}.json`));
    // The index cache lives elsewhere: the drill is about saving notes and transcripts.
    const cacheDir = scratchDir('disk-cache');
    services = await openServices({ libraryDir: library, cacheDir, vocabulary: loadVocabulary(), dbFile: join(dir, 'notes.db') });
    app = createApp({ ...services, libraryDir: library });
  });
  afterAll(() => services.store.close());

  const addNote = (text: string) => request(app).post(`/api/videos/${SAMPLE}/notes`).send({ start: 60, text });
  const importCaptions = (vtt: string) => request(app).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(vtt), 'talk.vtt');
  const storedNotes = async () => ((await request(app).get(`/api/videos/${SAMPLE}/notes`)).body as { notes: { text: string }[] }).notes.map((n) => n.text);

  it('full: a note and a transcript are refused with 507 DISK_FULL, what was saved is intact, and both save once space is freed', async () => {
    expect((await addNote('saved before the disk filled')).status).toBe(201);
    expect((await importCaptions(STORAGE_VTT)).status).toBe(201);
    const before = await readFile(transcript);
    // A second database, closed: opening it on a full disk is how a restart would meet it.
    const spare = join(dir, 'spare.db');
    const closed = NotesStore.open(spare);
    closed.addNote({ videoId: SAMPLE, start: 1, text: 'in the spare' });
    closed.close();
    const spareBytes = await readFile(spare);
    expect(fillDisk(filler)).toBeGreaterThan(0);

    const note = await addNote(`written on a full disk ${'x'.repeat(9_000)}`);
    expect([note.status, note.body]).toEqual([
      507,
      {
        error: {
          code: 'DISK_FULL',
          message: `the disk holding the notes database ${join(dir, 'notes.db')} is full; nothing was changed`,
          hint: 'free some space, then try again',
        },
      },
    ]);
    const saved = await importCaptions(VTT2);
    expect([saved.status, saved.body]).toEqual([
      507,
      {
        error: {
          code: 'DISK_FULL',
          message: `could not save ${transcript}: the disk is full; the transcript there before is unchanged`,
          hint: 'free some space, then try again',
        },
      },
    ]);
    // The page form says the same, as a page.
    const form = await (await formAgent(app)).upload('/videos/upload').field('video', OTHER).attach('file', Buffer.from(VTT2), 'other.vtt');
    expect(form.status).toBe(507);
    expect(form.text).toContain('the disk is full');

    expect(await storedNotes()).toEqual(['saved before the disk filled']);
    expect(await readFile(transcript)).toEqual(before);
    expect((await readdir(library)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await stillServing(app);
    expect((await request(app).get(`/videos/${SAMPLE}`)).status).toBe(200);

    expect(() => NotesStore.open(spare)).toThrow(`cannot open the notes database ${spare}: its disk is full; it was left as it is`);
    expect(await readFile(spare)).toEqual(spareBytes);

    rmSync(filler);
    const reopened = NotesStore.open(spare);
    expect(reopened.listNotes().map((n) => n.text)).toEqual(['in the spare']);
    reopened.close();
    expect((await addNote('saved once there was space')).status).toBe(201);
    expect((await importCaptions(VTT2)).status).toBe(201);
    expect(await storedNotes()).toEqual(['saved before the disk filled', 'saved once there was space']);
    expect((services.store as SqliteStore).integrity()).toBe('ok');
  });

  it('read-only: saving a transcript is refused with a message that says so, reads go on, and it saves once the disk is writable', async () => {
    // A disk of its own, with no file open for writing: Linux will not make a disk read-only
    // under a database it has open, so the notes' case is the start-up below.
    const other = mountSmallDisk() as NonNullable<typeof disk>;
    try {
      const roLibrary = join(other.dir, 'library');
      mkdirSync(roLibrary);
      await copyFile(join(SAMPLE_DIR, `${SAMPLE}.json`), join(roLibrary, `${SAMPLE}.json`));
      const ro = await openServices({
        libraryDir: roLibrary,
        cacheDir: scratchDir('disk-cache'),
        vocabulary: loadVocabulary(),
        dbFile: join(scratchDir('disk-db'), 'notes.db'),
      });
      const roApp = createApp({ ...ro, libraryDir: roLibrary });
      const roTranscript = join(roLibrary, `${OTHER}.json`);
      expect((await request(roApp).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(STORAGE_VTT), 'talk.vtt')).status).toBe(201);
      const before = await readFile(roTranscript);
      other.remount('ro');
      const saved = await request(roApp).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(VTT2), 'other.vtt');
      expect([saved.status, saved.body]).toEqual([
        500,
        {
          error: {
            code: 'LIBRARY_WRITE_FAILED',
            message: `could not save ${roTranscript}: the disk is read-only; the transcript there before is unchanged`,
            hint: 'make the disk writable, then try again',
          },
        },
      ]);
      expect(await readFile(roTranscript)).toEqual(before);
      await stillServing(roApp);
      expect(JSON.stringify((await request(roApp).get(`/api/videos/${OTHER}`)).body)).toContain('snapshots');
      other.remount('rw');
      expect((await request(roApp).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(VTT2), 'other.vtt')).status).toBe(201);
      await ro.store.close();
    } finally {
      other.unmount();
    }
  });

  it('read-only: a notes database on a read-only disk stops start-up with a message that says so, the file unchanged', async () => {
    const other = mountSmallDisk() as NonNullable<typeof disk>;
    try {
      const file = join(other.dir, 'notes.db');
      const store = NotesStore.open(file);
      store.addNote({ videoId: SAMPLE, start: 1, text: 'kept' });
      store.close();
      const bytes = await readFile(file);
      other.remount('ro');
      let refused: unknown;
      try {
        NotesStore.open(file).close();
      } catch (error) {
        refused = error;
      }
      expect(refused).toMatchObject({
        code: 'LIBRARY_WRITE_FAILED',
        message: `cannot open the notes database ${file} (unable to open database file): its disk or folder is read-only, missing or not ours to write; it was left as it is`,
      });
      expect(await readFile(file)).toEqual(bytes);
      other.remount('rw');
      const reopened = NotesStore.open(file);
      expect(reopened.listNotes().map((n) => n.text)).toEqual(['kept']);
      reopened.close();
    } finally {
      other.unmount();
    }
  });
});

describe('drill: a transcript file cut short on disk', () => {
  it('the other videos load, the broken one is reported; written back whole it is back and searchable', async () => {
    const t = await fresh();
    expect((await request(t.app).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(STORAGE_VTT), 'talk.vtt')).status).toBe(201);
    const path = join(t.libraryDir, `${OTHER}.json`);
    const cachePath = join(t.libraryDir, '.index', `${OTHER}.json`);
    const whole = await readFile(path);
    const cache = await readFile(cachePath);
    await writeFile(path, whole.subarray(0, Math.floor(whole.length / 2)));
    await writeFile(cachePath, cache.subarray(0, Math.floor(cache.length / 2)));
    const vocabulary = loadVocabulary();

    const broken = await Catalog.open(new FolderTranscripts(t.libraryDir, join(t.libraryDir, '.index')), vocabulary);
    expect(broken.list().map((v) => v.record.videoId)).toEqual([SAMPLE]);
    expect(broken.has(OTHER)).toBe(false);
    expect(broken.problems).toEqual([{ path, problem: expect.stringMatching(/^not valid JSON/) }]);
    expect(broken.search('virtualization').total).toBeGreaterThan(0);
    // An app over it serves the sample, answers 404 for the broken video, and shows the problem.
    const services = await openServices({
      libraryDir: t.libraryDir,
      cacheDir: join(t.libraryDir, '.index'),
      vocabulary,
      dbFile: join(t.libraryDir, '.drill.db'),
    });
    try {
      const app = createApp({ ...services, libraryDir: t.libraryDir });
      expect((await request(app).get('/api/videos')).body).toMatchObject({ videos: [{ videoId: SAMPLE }] });
      expect((await request(app).get(`/api/videos/${OTHER}`)).status).toBe(404);
      const home = await request(app).get('/');
      expect(home.status).toBe(200);
      expect(home.text).toContain(`${OTHER}.json`);
    } finally {
      await services.store.close();
    }

    await writeFile(path, whole);
    const loaded = await loadSearch(new FolderTranscripts(t.libraryDir, join(t.libraryDir, '.index')), vocabulary);
    // The damaged cache file is said once, and rebuilt; the sample's was current.
    expect(loaded.problems).toEqual([
      { path: cachePath, problem: 'not valid JSON (it ends too early: cut short?); the index was rebuilt from the transcript' },
    ]);
    expect(loaded.built).toBe(1);
    const recovered = await Catalog.open(new FolderTranscripts(t.libraryDir, join(t.libraryDir, '.index')), vocabulary);
    expect(recovered.problems).toEqual([]);
    expect(recovered.has(OTHER)).toBe(true);
    const hits = recovered.search('snapshots', { video: OTHER });
    expect(hits.total).toBeGreaterThan(0);
    expect(hits.results[0]?.videoId).toBe(OTHER);
  });
});

describe('drill: two fetches of one video at once', () => {
  it('both requests get the same job, and YouTube is asked once', async () => {
    const yt = fakeYouTube({ player: playerOk(), timedtext: timedtextOk() });
    const gate = gated(yt.fetch);
    const t = await fresh({ fetch: gate.fetch });

    const [first, second] = await Promise.all([
      request(t.app)
        .post('/api/videos')
        .send({ url: `https://www.youtube.com/watch?v=${OTHER}` }),
      request(t.app)
        .post('/api/videos')
        .send({ url: `https://youtu.be/${OTHER}` }),
    ]);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect((second.body as Job).id).toBe((first.body as Job).id);
    expect(second.headers.location).toBe(first.headers.location);
    expect(yt.count()).toBe(0);
    // Asked a third time while it runs: still that job.
    expect(((await request(t.app).post('/api/videos').send({ url: OTHER })).body as Job).id).toBe((first.body as Job).id);

    gate.open();
    const job = await finished(t.app, (first.body as Job).id);
    expect(job.state).toBe('done');
    expect(yt.count('player')).toBe(1);
    expect(yt.count('timedtext')).toBe(1);
    expect(yt.count('watch')).toBe(0);
  });
});
