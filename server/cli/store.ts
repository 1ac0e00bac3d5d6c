import type { Config } from '../config.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';

/**
 * The store a command works on: the team database when the configuration names one (team
 * mode), else the library folder and the notes file its flags choose. `readOnly`: the command
 * only reads (nothing is created or written in single-user mode).
 *
 * @example const store = await cliStore(config(command), { readOnly: true })
 */
export function cliStore(config: Config, options: { readOnly?: boolean } = {}): Promise<Store> {
  // Set by the --database-url / PANELNOTES_DATABASE_URL plumbing (config.ts), where there is one.
  const { databaseUrl } = config;
  return openStore({
    dbFile: config.dbFile,
    libraryDir: config.libraryDir,
    cacheDir: config.cacheDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(options.readOnly ? { readOnly: true } : {}),
  });
}
