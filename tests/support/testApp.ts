import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { loadVocabulary } from '../../server/search/vocabulary.js';
import { createApp } from '../../server/app.js';
import { loadConfig, SAMPLE_DIR, type TrustProxy } from '../../server/config.js';
import type { Logger } from '../../server/log.js';
import type { AppDeps } from '../../server/services/types.js';
import { servedHosts, type HostEntry } from '../../server/servedHosts.js';
import type { SqliteStore } from '../../server/store/sqlite/engine.js';
import { openStore } from '../../server/store/open.js';
import type { EngineName, Store } from '../../server/store/types.js';
import type { TranscriptRecord } from '../../server/transcript/types.js';
import type { Catalog } from '../../server/services/catalog.js';
import type { Jobs } from '../../server/services/jobs.js';
import type { FetchOnStart } from '../../server/services/fetchOnStart.js';
import type { Imports } from '../../server/services/imports.js';
import type { NotesService } from '../../server/services/notes.js';
import type { SpeakersService } from '../../server/services/speakers.js';
import { openServices } from '../../server/services/open.js';
import type { FetchLike } from '../../server/youtube/types.js';
import { ADMIN_URL, freshDatabase } from './pg.js';

/**
 * The engines the route-level suites (notes, speakers, library, jobs) run over, each suite once
 * per engine: SQLite always; PostgreSQL where the test cluster runs (globalSetup printed why not,
 * and failed under CI=true).
 */
export const APP_ENGINES: EngineName[] = ADMIN_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestApp {
  app: Express;
  catalog: Catalog;
  jobs: Jobs;
  notes: NotesService;
  speakers: SpeakersService;
  imports: Imports;
  /** The server's fetch on start of the sample's real captions (not started: tests run it). */
  startFetch: FetchOnStart;
  /** The engine the app runs on. */
  engine: EngineName;
  /** What tells `panelnotes` (runCli) to work on this app's data: its library and notes file, or its database. */
  cliArgs: string[];
  /** The app's store, whichever engine (SQLite-only tests use `sqliteStore`). */
  store: Store;
  /** The store as the SQLite engine; throws on PostgreSQL (for tests of SQLite's files). */
  readonly sqliteStore: SqliteStore;
  /** Stops the worker threads and closes the store (and drops a PostgreSQL app's database). */
  close: () => Promise<void>;
  /** This app closed and another opened on the same data, as after a restart (the new one closes the data). */
  restart: () => Promise<TestApp>;
  libraryDir: string;
}

/** A Node-style "no network" failure, as `fetch` throws it when DNS cannot resolve. */
export const deadNetwork: FetchLike = async () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND www.youtube.com'), { code: 'ENOTFOUND' }) });
};

/** What a test app may be made with. */
export interface TestAppOptions {
  fetch?: FetchLike;
  maxUploadBytes?: number;
  token?: string;
  dbFile?: string;
  rateLimits?: { fetches: number; writes: number; publishes?: number; tokenFailures?: number };
  /** The hosts it answers to; unless told, the loopback names on any port (supertest's `127.0.0.1:<port>`). */
  hosts?: HostEntry[];
  publicUrl?: URL;
  /** Team mode: the users whose tokens writes need (a fake in route tests). */
  users?: AppDeps['users'];
  /** Where request logs go; nowhere unless given. */
  log?: Logger;
  /** PANELNOTES_TRUST_PROXY as config.ts reads it. */
  trustProxy?: TrustProxy;
  /**
   * The store's engine: SQLite (the library folder and a notes file) unless told; PostgreSQL is
   * a fresh database of the test cluster, dropped on close, holding the sample's transcript.
   */
  engine?: EngineName;
}

/** Where an app's data lives: a store to open on it (SQLite: none, openServices opens the files), and its removal. */
interface AppData {
  engine: EngineName;
  libraryDir: string;
  /** The CLI's options for this data (see TestApp.cliArgs). */
  cliArgs: string[];
  openStore(): Promise<Store | undefined>;
  drop(): Promise<void>;
}

const SAMPLE_FILE = join(SAMPLE_DIR, 'S6Sjj6OtyvY.json');

/** The sample in a fresh library folder, or in a fresh database of the test cluster. */
async function freshData(engine: EngineName, dbFile: string | undefined): Promise<AppData> {
  const libraryDir = await mkdtemp(join(tmpdir(), 'panelnotes-app-'));
  if (engine === 'sqlite') {
    await copyFile(SAMPLE_FILE, join(libraryDir, 'S6Sjj6OtyvY.json'));
    // --db beside the library: the default notes database is the user's, never the tests'.
    const cliArgs = ['--library', libraryDir, '--db', dbFile ?? join(libraryDir, '.notes.db')];
    return { engine, libraryDir, cliArgs, openStore: async () => undefined, drop: async () => undefined };
  }
  if (dbFile) throw new Error('dbFile is a SQLite file: give it only with the sqlite engine');
  const database = await freshDatabase();
  const open = (): Promise<Store> => openStore({ databaseUrl: database.url, dbFile: '', libraryDir, cacheDir: '' });
  const store = await open();
  try {
    await store.putTranscript(JSON.parse(await readFile(SAMPLE_FILE, 'utf8')) as TranscriptRecord);
  } finally {
    await store.close();
  }
  return { engine, libraryDir, cliArgs: ['--database-url', database.url], openStore: open, drop: () => database.drop() };
}

/**
 * The web app over a fresh library holding a copy of the shipped sample. YouTube is whatever
 * `fetch` says (a dead network unless given), so nothing touches the real network.
 */
export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  return appOn(await freshData(options.engine ?? 'sqlite', options.dbFile), options);
}

async function appOn(data: AppData, options: TestAppOptions): Promise<TestApp> {
  const { libraryDir } = data;
  const store = await data.openStore();
  const services = await openServices({
    ...(store ? { store } : {}),
    libraryDir,
    cacheDir: join(libraryDir, '.index'),
    vocabulary: loadVocabulary(),
    // As the server runs: imports and index builds on worker threads (compiled, from dist/).
    vocabularyDir: loadConfig({}).vocabularyDir,
    dbFile: options.dbFile ?? join(libraryDir, '.notes.db'),
    fetch: { fetch: options.fetch ?? deadNetwork, retries: 1, backoffMs: 1, timeoutMs: 2000 },
    // A list of talks is paced; tests do not wait out the pauses.
    pace: { sleep: async () => undefined },
  });
  const app = createApp({
    ...services,
    libraryDir,
    ...(options.maxUploadBytes ? { maxUploadBytes: options.maxUploadBytes } : {}),
    ...(options.token ? { token: options.token } : {}),
    // Tests make many writes in a second; the limits have tests of their own.
    rateLimits: { fetches: 1_000_000, writes: 1_000_000, publishes: 1_000_000, tokenFailures: 1_000_000, ...options.rateLimits },
    // What the server itself answers to when it listens on 127.0.0.1 at a port chosen on listening.
    hosts: options.hosts ?? servedHosts({ host: '127.0.0.1', port: 0 }),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.users ? { users: options.users } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  let closed = false;
  return {
    app,
    ...services,
    engine: data.engine,
    cliArgs: data.cliArgs,
    get sqliteStore(): SqliteStore {
      if (services.store.engine !== 'sqlite') throw new Error(`this test needs the SQLite engine, not ${services.store.engine}`);
      return services.store as SqliteStore;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await services.close();
      await data.drop();
    },
    restart: async () => {
      closed = true;
      await services.close();
      return appOn(data, options);
    },
    libraryDir,
  };
}

/** Listens on a free loopback port; for the browser tests. */
export async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * For a test file that makes apps as it goes: `fresh()` makes one over its own temporary library
 * and `gated()` wraps a fetch so it waits until opened (to look at a job while it runs). All of
 * it is cleaned up after the file's tests, gates still closed included. `defaults.engine` is the
 * engine every app it makes runs on (a suite run once per engine passes its own).
 */
export function freshApps(defaults: { engine?: EngineName } = {}): {
  fresh: typeof testApp;
  gated: (inner: FetchLike) => { fetch: FetchLike; open: () => void };
} {
  const gates: (() => void)[] = [];
  const made: TestApp[] = [];
  afterAll(async () => {
    for (const open of gates) open();
    for (const app of made) {
      await app.jobs.idle();
      await app.close();
      await rm(app.libraryDir, { recursive: true, force: true });
    }
  });
  return {
    fresh: async (options = {}) => {
      const track = (app: TestApp): TestApp => {
        made.push(app);
        const restart = app.restart;
        app.restart = async () => track(await restart());
        return app;
      };
      return track(await testApp({ ...defaults, ...options }));
    },
    gated: (inner) => {
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        open = () => resolve();
      });
      gates.push(() => open());
      return {
        fetch: async (input, init) => {
          await gate;
          return inner(input, init);
        },
        open: () => open(),
      };
    },
  };
}
