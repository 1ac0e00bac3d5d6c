import { sampleDirOf } from '../library.js';
import type { Store } from './types.js';
import { openSqliteStore, type ChangeTiming } from './sqlite/engine.js';

export interface OpenStoreOptions {
  /** `postgres://…` (PANELNOTES_DATABASE_URL, --database-url): team mode; without it, the library folder and SQLite. */
  databaseUrl?: string;
  dbFile: string;
  libraryDir: string;
  cacheDir: string;
  /** SQLite only: nothing created, migrated or written (commands that only read). */
  readOnly?: boolean;
  /** SQLite only: how soon the folder and the database are looked at (tests shorten it). */
  timing?: ChangeTiming;
  /** Where the engine says what happens to its connection (team mode). */
  log?: (line: string) => void;
}

/**
 * The one place that chooses the engine: PostgreSQL when given a database URL (loaded only
 * then, so single-user mode never loads `pg`), else the library folder and the SQLite file.
 *
 * @example const store = await openStore({ dbFile: 'data/panelnotes.db', libraryDir: 'transcripts/library', cacheDir: 'transcripts/.index' })
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const { openPostgresStore } = await import('./postgres/engine.js');
    // The shipped sample is offered as the default library offers it in single-user mode.
    const sampleDir = sampleDirOf(options.libraryDir);
    return openPostgresStore({ url: options.databaseUrl, ...(options.log ? { log: options.log } : {}), ...(sampleDir ? { sampleDir } : {}) });
  }
  return openSqliteStore({
    dbFile: options.dbFile,
    libraryDir: options.libraryDir,
    cacheDir: options.cacheDir,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
  });
}
