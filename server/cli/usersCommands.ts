import type { Command } from 'commander';
import type { Config } from '../config.js';
import { PanelnotesError } from '../errors.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { USER_NAME } from '../store/userTokens.js';
import type { CliContext } from './context.js';

/**
 * `users add|list|rm`: the people of a team database. Their tokens live (as hashes) in the team
 * database, so these commands need its URL, and refuse plainly without one before touching anything.
 */
export function registerUsersCommands(program: Command, { io, config }: CliContext): void {
  const withStore = async <T>(command: Command, work: (store: Store) => Promise<T>): Promise<T> => {
    const settings = teamConfig(config(command));
    const store = await (io.openStore ?? openStore)({
      databaseUrl: settings.databaseUrl,
      dbFile: settings.dbFile,
      libraryDir: settings.libraryDir,
      cacheDir: settings.cacheDir,
    });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };

  const users = program.command('users').description('the people who may write in team mode (needs --database-url or PANELNOTES_DATABASE_URL)');
  users
    .command('add')
    .description('add a user and print their token, once')
    .argument('<name>', 'lowercase letters, digits, - and _ (up to 32)')
    .option('--admin', 'may edit and delete everyone’s notes, not only their own')
    .action(async (name: string, options: { admin?: boolean }, command: Command) => {
      userName(name);
      const { user, token } = await withStore(command, (store) => store.addUser(name, options.admin === true));
      // Only the token on stdout, so it can be piped straight to whoever keeps it.
      io.out(token);
      io.err(
        `panelnotes: added ${user.admin ? 'admin ' : ''}${user.name}. This token is shown only once (only its hash is kept): ` +
          'give it to them to set as PANELNOTES_USER_TOKEN or enter on the page; if it is lost, `users rm` and add them again',
      );
    });
  users
    .command('list')
    .description('list the users (never their tokens)')
    .action(async (_options: unknown, command: Command) => {
      const list = await withStore(command, (store) => store.listUsers());
      if (list.length === 0) io.err('panelnotes: no users yet; add the first with `panelnotes users add NAME --admin`');
      const width = Math.max(0, ...list.map((u) => u.name.length));
      for (const u of list) io.out(`${u.name.padEnd(width)}  ${u.admin ? 'admin' : 'user '}  since ${u.createdAt}`);
    });
  users
    .command('rm')
    .description('remove a user: their token stops working at once (their notes stay)')
    .argument('<name>', 'the user')
    .action(async (name: string, _options: unknown, command: Command) => {
      userName(name);
      const user = await withStore(command, (store) => store.removeUser(name));
      io.err(`panelnotes: removed ${user.name}; their token no longer works`);
    });
}

/** The configuration with its database URL, or a usage error saying where users live. */
function teamConfig(config: Config): Config & { databaseUrl: string } {
  if (config.databaseUrl === undefined)
    throw new PanelnotesError(
      'USAGE',
      'users belong to a team database, and none is given',
      'give its URL with --database-url or PANELNOTES_DATABASE_URL (postgres://user:password@host/db)',
    );
  return config as Config & { databaseUrl: string };
}

/** @throws PanelnotesError USAGE for a name a token could not carry */
function userName(name: string): void {
  if (!USER_NAME.test(name))
    throw new PanelnotesError(
      'USAGE',
      `"${name.slice(0, 40)}" is not a user name: use lowercase letters, digits, - and _, up to 32, starting with a letter or digit (like ada or j_smith)`,
    );
}
