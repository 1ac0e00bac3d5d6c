import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DEFAULT_LIBRARY_DIR, loadConfig, SAMPLE_DIR } from '../server/config.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { FetchOnStart, fileLock } from '../server/services/fetchOnStart.js';
import { openServices, type Services } from '../server/services/open.js';
import type { FetchLike } from '../server/youtube/types.js';
import { eventually } from './support/engines.js';
import { describePg, freshDatabase, type TestDatabase } from './support/pg.js';
import { deadNetwork, fakeYouTube, workingYouTubeFor } from './support/fakeYouTube.js';
import { freshApps, type TestApp } from './support/testApp.js';
import { testProxy } from './support/testProxy.js';

/**
 * On start the server fetches the real captions of a talk the library holds only as the
 * shipped sample, in the background: success replaces the sample and keeps its notes, failure
 * keeps the sample and says so (one log line, a notice on the library page), a talk fetched
 * once is never fetched again, and one server at a time does it.
 */
const SAMPLE = 'S6Sjj6OtyvY';
const { fresh, gated } = freshApps();

/** The app's own fetch on start (the library page reads its failures), or one made with `more`; `run()` logs into `log`. */
function starter(app: Pick<TestApp, 'catalog' | 'imports' | 'libraryDir' | 'startFetch'>, more?: Partial<ConstructorParameters<typeof FetchOnStart>[0]>) {
  const log: string[] = [];
  const fetcher = more ? new FetchOnStart({ catalog: app.catalog, imports: app.imports, libraryDir: app.libraryDir, ...more }) : app.startFetch;
  return { run: { run: () => fetcher.run((l) => log.push(l)), failures: () => fetcher.failures() }, log };
}

describe('the fetch on start', () => {
  it('replaces the sample with the real captions, keeping its notes; the pages say the captions are now YouTube’s', async () => {
    const youtube = workingYouTubeFor(SAMPLE);
    const app = await fresh({ fetch: youtube.fetch });
    const note = await app.notes.add(SAMPLE, { start: 2, text: 'remember the captions panel' });
    expect(app.catalog.get(SAMPLE).record.source).toBe('sample');
    const { run, log } = starter(app);

    await run.run();

    const { record } = app.catalog.get(SAMPLE);
    expect(record).toMatchObject({ source: 'youtube', provenance: { via: 'youtube', client: 'innertube-android' } });
    expect(record.notice).toBeUndefined();
    expect(log).toEqual([`panelnotes: fetched the real captions of "${record.title}" (${SAMPLE}) from YouTube; they replace the sample, notes kept`]);
    expect((await app.notes.list(SAMPLE)).map((n) => n.id)).toEqual([note.id]);
    expect(app.catalog.search('remember the captions panel', { kind: 'note' }).results.map((r) => r.videoId)).toEqual([SAMPLE]);
    const page = await request(app.app).get(`/videos/${SAMPLE}`);
    expect(page.text).toContain('Captions: YouTube&#39;s manual captions, fetched ');
    expect(page.text).toContain('Welcome to the panel on captions');
    expect(run.failures()).toEqual([]);
  });

  it('on failure keeps the sample, logs one line saying why, and the library page says how to get the captions', async () => {
    const offline = fakeYouTube({ player: deadNetwork, watch: deadNetwork, timedtext: deadNetwork });
    const app = await fresh({ fetch: offline.fetch });
    const { run, log } = starter(app);

    await run.run();

    expect(offline.count()).toBe(1); // a dead network costs one failed request, no retry, no wait

    expect(app.catalog.get(SAMPLE).record.source).toBe('sample');
    expect(log).toEqual([
      `panelnotes: could not fetch the real captions of ${SAMPLE}, still serving the sample: cannot reach YouTube (ENOTFOUND): this machine seems to be offline`,
    ]);
    const home = (await request(app.app).get('/')).text;
    expect(home).toMatch(
      /The real captions of “<bdi>\[2016\] Virtualization Developer Panel[^<]*<\/bdi>” could not be fetched from YouTube: <bdi>cannot reach YouTube/,
    );
    expect(home).toContain(`<code>panelnotes fetch ${SAMPLE}</code>`);
    expect(home).toContain('--proxy URL');
    expect(home).toContain(`href="/videos/new?video=${SAMPLE}#upload"`);
  });

  it('never fetches a talk again once fetched, even when its transcript is deleted and the sample shows again', async () => {
    const youtube = workingYouTubeFor(SAMPLE);
    const app = await fresh({ fetch: youtube.fetch });
    await starter(app).run.run();
    expect(youtube.count('player')).toBe(1);
    // The user deletes the talk, and the library shows the sample of it again: a server
    // started over that library (the sample in it, and what the library remembers).
    const again = await fresh({ fetch: youtube.fetch });
    expect(again.catalog.get(SAMPLE).record.source).toBe('sample');
    await copyFile(join(app.libraryDir, '.fetched-on-start'), join(again.libraryDir, '.fetched-on-start'));

    const { run, log } = starter(again);
    await run.run();

    expect(youtube.count('player')).toBe(1);
    expect(log).toEqual([]);
    expect(again.catalog.get(SAMPLE).record.source).toBe('sample');
    expect(JSON.parse(await readFile(join(again.libraryDir, '.fetched-on-start'), 'utf8'))).toMatchObject({
      talks: { [SAMPLE]: { fetched: expect.any(String) } },
    });
  });

  it('is done by one server at a time: the one that takes the lock', async () => {
    const youtube = workingYouTubeFor(SAMPLE);
    const gate = gated(youtube.fetch);
    const app = await fresh({ fetch: gate.fetch });
    const first = starter(app).run.run();
    const second = starter(app, {});
    // The first holds the lock while YouTube has not answered.
    while (!existsSync(join(app.libraryDir, '.fetch-on-start.lock'))) await new Promise((r) => setTimeout(r, 5));
    await second.run.run();
    gate.open();
    await first;
    expect(youtube.count('player')).toBe(1);
    expect(second.log).toEqual([]);
    expect(await fileLock(app.libraryDir)()).toBeInstanceOf(Function); // released
  });

  it('team mode can bring its own lock (claim): when not granted, nothing is fetched', async () => {
    const youtube = workingYouTubeFor(SAMPLE);
    const app = await fresh({ fetch: youtube.fetch });
    await starter(app, { claim: async () => undefined }).run.run();
    expect(youtube.count()).toBe(0);
  });

  it('the site answers while YouTube has not: start-up never waits for it', async () => {
    const gate = gated(workingYouTubeFor(SAMPLE).fetch);
    const app = await fresh({ fetch: gate.fetch });
    const running = starter(app).run.run();
    const home = await request(app.app).get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('badge sample');
    gate.open();
    await running;
  });

  it('PANELNOTES_FETCH_ON_START=0 turns it off; it is on unless told', () => {
    expect(loadConfig({}).fetchOnStart).toBe(true);
    expect(loadConfig({ PANELNOTES_FETCH_ON_START: '0' }).fetchOnStart).toBe(false);
    expect(() => loadConfig({ PANELNOTES_FETCH_ON_START: 'maybe' })).toThrow(/PANELNOTES_FETCH_ON_START must be 1 or 0/);
  });
});

describe('npm start', () => {
  const MAIN = resolve('dist/server/main.js');

  /** Runs the built server over a copy of the sample until `done` says what it printed is enough. */
  async function serve(env: Record<string, string>, argv: string[], done: (err: string) => boolean): Promise<{ out: string; err: string }> {
    const root = await mkdtemp(join(tmpdir(), 'panelnotes-start-fetch-'));
    await mkdir(join(root, 'library'));
    await copyFile(join(SAMPLE_DIR, `${SAMPLE}.json`), join(root, 'library', `${SAMPLE}.json`));
    const clean: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!/^(PANELNOTES_|HOST$|PORT$|https?_proxy$|no_proxy$)/i.test(key)) clean[key] = value;
    const paths = {
      PANELNOTES_LIBRARY: join(root, 'library'),
      PANELNOTES_DB: join(root, 'notes.db'),
      PANELNOTES_CACHE: join(root, 'cache'),
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const child = spawn(process.execPath, [MAIN, ...argv], { env: { ...clean, ...paths, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const check = (): void => {
      if (out.includes('panelnotes: serving') && done(err)) child.kill('SIGTERM');
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((out += chunk), check()));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((err += chunk), check()));
    await new Promise((r) => child.once('exit', r));
    await rm(root, { recursive: true, force: true });
    return { out, err };
  }

  it('serves first, then fetches through the proxy it is given (--proxy), and says in one line why it could not', async () => {
    const proxy = await testProxy();
    try {
      const run = await serve({}, ['--proxy', `http://panel:hunter2@127.0.0.1:${proxy.port}`], (err) => err.includes('could not fetch'));
      expect(run.out).toMatch(/^panelnotes: serving 1 video\(s\) \(1 sample\)/);
      expect(proxy.lines[0]).toBe('CONNECT www.youtube.com:443 HTTP/1.1');
      expect(run.err).toBe(
        `panelnotes: could not fetch the real captions of ${SAMPLE}, still serving the sample: the proxy http://***@127.0.0.1:${proxy.port} refused to connect to YouTube (HTTP 502)\n`,
      );
    } finally {
      await proxy.close();
    }
  });

  it('with PANELNOTES_FETCH_ON_START=0, asks YouTube nothing', async () => {
    const proxy = await testProxy();
    try {
      const run = await serve({ PANELNOTES_FETCH_ON_START: '0', HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }, [], () => true);
      expect(run.out).toMatch(/^panelnotes: serving 1 video\(s\) \(1 sample\)/);
      await new Promise((r) => setTimeout(r, 200));
      expect(proxy.lines).toEqual([]);
      expect(run.err).toBe('');
    } finally {
      await proxy.close();
    }
  });
});

describePg('the fetch on start in team mode (one database, several instances)', () => {
  const opened: Services[] = [];
  let database: TestDatabase;
  let work: string;

  beforeAll(async () => {
    database = await freshDatabase();
    work = await mkdtemp(join(tmpdir(), 'panelnotes-team-fetch-'));
  });
  afterAll(async () => {
    for (const services of opened) await services.close();
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  /** An instance's services on the team database, which offers the shipped sample as the default library does. */
  async function instance(fetch: FetchLike): Promise<Services> {
    const services = await openServices({
      databaseUrl: database.url,
      libraryDir: DEFAULT_LIBRARY_DIR,
      cacheDir: join(work, 'cache'),
      dbFile: join(work, 'unused.db'),
      vocabulary: loadVocabulary(),
      fetch: { fetch, retries: 0, timeoutMs: 2000 },
      live: {},
    });
    opened.push(services);
    return services;
  }

  it('two instances starting together fetch once (an advisory lock in the database), and the other hears of the real captions', async () => {
    const youtube = workingYouTubeFor(SAMPLE);
    const gate = gated(youtube.fetch);
    let asked = false;
    const fetch: FetchLike = (...args) => {
      asked = true;
      return gate.fetch(...args);
    };
    const a = await instance(fetch);
    const b = await instance(fetch);
    expect(a.catalog.get(SAMPLE).record.source).toBe('sample');
    const logA: string[] = [];
    const logB: string[] = [];
    const first = a.startFetch.run((line) => logA.push(line));
    // A holds the claim while YouTube has not answered: B's run finds it taken and does nothing.
    while (!asked) await new Promise((r) => setTimeout(r, 5));
    await b.startFetch.run((line) => logB.push(line));
    gate.open();
    await first;
    expect(youtube.count('player')).toBe(1);
    expect(logB).toEqual([]);
    expect(logA).toEqual([
      expect.stringMatching(/^panelnotes: fetched the real captions of ".*" \(S6Sjj6OtyvY\) from YouTube; they replace the sample, notes kept$/),
    ]);
    expect(a.catalog.get(SAMPLE).record.source).toBe('youtube');
    await eventually(() => b.catalog.get(SAMPLE).record.source === 'youtube');
    // The claim was released: another run may take it (and finds nothing left to fetch).
    const release = await a.store.claim?.('fetch-on-start');
    expect(release).toBeInstanceOf(Function);
    await release?.();
  });

  it('never fetches again a talk the database held: the team deleted it, the sample shows again, and stays', async () => {
    const youtube = workingYouTubeFor(SAMPLE);
    const c = await instance(youtube.fetch);
    expect(await c.store.removeTranscript(SAMPLE)).toBe(true);
    await eventually(() => c.catalog.get(SAMPLE).record.source === 'sample');
    const log: string[] = [];
    await c.startFetch.run((line) => log.push(line));
    expect(youtube.count()).toBe(0);
    expect(log).toEqual([]);
    expect(c.catalog.get(SAMPLE).record.source).toBe('sample');
  });
});
