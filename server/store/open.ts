import { PanelnotesError } from '../errors.js';
import type { Store } from './types.js';

/**
 * STUB (ops16's branch only, for tsc): core16 writes the real `openStore`, which opens the SQLite
 * engine, or given a database URL the PostgreSQL one (pg16). Until those are merged, team mode
 * says plainly that it is not there yet. The lead keeps core16's file over this one.
 */
export async function openStore(options: { databaseUrl?: string; dbFile: string; libraryDir: string; cacheDir: string; readOnly?: boolean }): Promise<Store> {
  throw new PanelnotesError(
    'USAGE',
    options.databaseUrl ? 'team mode needs the PostgreSQL engine, which this build does not have yet' : 'this build cannot open a store yet (stub)',
  );
}
