import { openStore } from '../../server/store/open.js';
import type { Store } from '../../server/store/types.js';

/**
 * Works on a team database directly (what an admin's tools or another instance do), the store
 * closed after: a test's setting up of transcripts and users, or its look at what a command wrote.
 *
 * @example const token = await withTeamDatabase(url, async (store) => (await store.addUser('ada', false)).token)
 */
export async function withTeamDatabase<T>(url: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ databaseUrl: url, dbFile: '', libraryDir: '', cacheDir: '' });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
