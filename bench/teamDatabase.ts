import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT, SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import { openStore } from '../server/store/open.js';
import type { Store } from '../server/store/types.js';

/**
 * The team database `npm run load -- --database-url URL` runs against: the sample talk in it, a
 * user of its own whose token every write sends, and afterwards the notes as stored, to check
 * that none the servers acknowledged is missing. `auto` starts a throwaway cluster (the tests'
 * own, tests/support/pgCluster.mjs) with fsync on, as a real server has it, and removes it at the end.
 */
export interface TeamDatabase {
  url: string;
  /** The load user's token (`Authorization: Bearer …`). */
  token: string;
  /** Every note of the video as stored now: id → text. */
  storedNotes(videoId: string): Promise<Map<string, string>>;
  /** Removes the load user (its notes stay) and, with `auto`, the throwaway cluster. */
  close(): Promise<void>;
}

interface Cluster {
  bin: string;
  dir: string;
}
/** tests/support/pgCluster.mjs, as this script uses it (plain JavaScript: typed here). */
interface ClusterModule {
  TEST_DATABASE_URL: string;
  startCluster(root?: string, settings?: { durable?: boolean }): Promise<Cluster | undefined>;
  stopCluster(cluster: Cluster | undefined): void;
}

/**
 * @param given a postgres:// URL (a scratch database: the run adds the sample talk, notes and a
 *   user, removed at the end) or `auto`
 * @example const team = await prepareTeamDatabase('auto', 'S6Sjj6OtyvY'); … await team.close()
 */
export async function prepareTeamDatabase(given: string, videoId: string): Promise<TeamDatabase> {
  let cluster: Cluster | undefined;
  let clusters: ClusterModule | undefined;
  let url = given;
  if (given === 'auto') {
    // Loaded by path at run time: it lives with the tests (not built into dist/) and is plain JavaScript.
    clusters = (await import(pathToFileURL(resolve(PROJECT_ROOT, 'tests/support/pgCluster.mjs')).href)) as ClusterModule;
    cluster = await clusters.startCluster(undefined, { durable: true });
    // Without a cluster of its own, a URL the environment gives the tests (a server of your own).
    const started = process.env[clusters.TEST_DATABASE_URL];
    if (!started) throw new Error('--database-url auto needs PostgreSQL (initdb, pg_ctl in /usr/lib/postgresql/*/bin): install postgresql, or give a URL');
    url = started;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'panelnotes-load-store-'));
  const open = (): Promise<Store> =>
    openStore({ databaseUrl: url, dbFile: join(scratch, 'unused.db'), libraryDir: join(scratch, 'library'), cacheDir: join(scratch, 'cache') });
  const name = `load-${randomBytes(4).toString('hex')}`;
  let token: string;
  const store = await open();
  try {
    if (!(await store.getTranscript(videoId))) await store.putTranscript(await loadTranscript(SAMPLE_DIR, videoId));
    ({ token } = await store.addUser(name, false));
  } catch (error) {
    await store.close();
    clusters?.stopCluster(cluster);
    throw error;
  }
  await store.close();
  const withStore = async <T>(work: (s: Store) => Promise<T>): Promise<T> => {
    const s = await open();
    try {
      return await work(s);
    } finally {
      await s.close();
    }
  };
  return {
    url,
    token,
    storedNotes: (video) => withStore(async (s) => new Map((await s.listNotes(video)).map((n) => [n.id, n.text]))),
    close: async () => {
      try {
        await withStore((s) => s.removeUser(name));
      } finally {
        clusters?.stopCluster(cluster);
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
