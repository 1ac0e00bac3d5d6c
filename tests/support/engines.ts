import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../server/store/postgres/engine.js';
import { openSqliteStore } from '../../server/store/sqlite/engine.js';
import type { Store } from '../../server/store/types.js';
import { ADMIN_URL, freshDatabase } from './pg.js';

/**
 * The store engines the one contract suite (tests/store.contract.test.ts) runs over. Each gives
 * a fresh, empty store, and `another` opens a second store on the same data: another instance
 * (team mode) or another process (single user), whose changes the first must hear of.
 */
export interface EngineUnderTest {
  name: 'postgres' | 'sqlite';
  /** Why it cannot run here, if it cannot. */
  missing?: string;
  open(): Promise<OpenedEngine>;
}

export interface OpenedEngine {
  store: Store;
  another(): Promise<Store>;
  close(): Promise<void>;
}

/** The first store on some data, and more on the same, all closed (then the data removed) at the end. */
async function opened(open: () => Promise<Store>, remove: () => Promise<void>): Promise<OpenedEngine> {
  const stores: Store[] = [];
  const another = async (): Promise<Store> => {
    const store = await open();
    stores.push(store);
    return store;
  };
  return {
    store: await another(),
    another,
    close: async () => {
      for (const store of stores) await store.close();
      await remove();
    },
  };
}

const postgres: EngineUnderTest = {
  name: 'postgres',
  ...(ADMIN_URL ? {} : { missing: 'no PostgreSQL binaries (see the notice at the start of the run)' }),
  async open() {
    const database = await freshDatabase();
    return opened(
      () => openPostgresStore({ url: database.url, backoff: { firstMs: 20, maxMs: 200 } }),
      () => database.drop(),
    );
  },
};

const sqlite: EngineUnderTest = {
  name: 'sqlite',
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'panelnotes-contract-'));
    return opened(
      () =>
        openSqliteStore({
          dbFile: join(dir, 'notes.db'),
          libraryDir: join(dir, 'library'),
          cacheDir: join(dir, 'cache'),
          timing: { debounceMs: 20, scanMs: 50, pollMs: 20 },
        }),
      () => rm(dir, { recursive: true, force: true }),
    );
  },
};

export const ENGINES: EngineUnderTest[] = [postgres, sqlite];

/** Waits until `check` holds (a change heard from another instance arrives when it arrives), failing after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not so after ${ms} ms`);
    await new Promise((done) => setTimeout(done, 10));
  }
}
