import { cliAuthor } from '../server/cli/author.js';
import { runCli } from '../server/cli/program.js';
import { loadConfig } from '../server/config.js';
import { PanelnotesError } from '../server/errors.js';
import type { Store, User } from '../server/store/types.js';
import { mintToken } from '../server/store/userTokens.js';

/**
 * `panelnotes users add|list|rm` (server/cli/usersCommands.ts), the team database's URL
 * (--database-url, PANELNOTES_DATABASE_URL) and the CLI user's token (--token,
 * PANELNOTES_USER_TOKEN). Against a real PostgreSQL they run in cli.team.test.ts; here, what is
 * refused before any database is opened, and what the commands print over a store.
 */

const URL = 'postgres://panelnotes:hunter2-password@db.example:5432/notes';

interface Run {
  code: number;
  out: string[];
  err: string[];
  opened: number;
}

/** Users kept in a map, as the store's UsersRepository keeps them. */
function usersStore(): Store {
  const users = new Map<string, User>();
  const store: Partial<Store> = {
    addUser: async (name, admin) => {
      const user = { name, admin, createdAt: '2026-01-02T03:04:05.000Z' };
      users.set(name, user);
      return { user, token: mintToken(name).token };
    },
    listUsers: async () => [...users.values()],
    removeUser: async (name) => {
      const user = users.get(name);
      if (!user) throw new PanelnotesError('NOT_FOUND', `no user named ${name}`);
      users.delete(name);
      return user;
    },
    close: async () => undefined,
  };
  return store as Store;
}

/** The CLI in-process over `store` (opened only when a command gets that far). */
function cliOver(store: Store = usersStore()): (argv: string[], env?: NodeJS.ProcessEnv) => Promise<Run> {
  return async (argv, env = {}) => {
    const run: Run = { code: 0, out: [], err: [], opened: 0 };
    run.code = await runCli(argv, {
      out: (t) => run.out.push(t),
      err: (t) => run.err.push(t),
      env,
      openStore: async (options) => {
        expect(options.databaseUrl).toBe(URL);
        run.opened++;
        return store;
      },
    });
    return run;
  };
}

describe('refused before any database is opened, exit 2', () => {
  const cli = cliOver();

  it.each([
    ['users', 'add', 'ada'],
    ['users', 'list'],
    ['users', 'rm', 'ada'],
    ['users', 'add', 'ada', '--admin'],
  ])('%s %s without a database URL', async (...argv) => {
    const run = await cli(argv);
    expect([run.code, run.opened, run.out]).toEqual([2, 0, []]);
    expect(run.err).toEqual([
      'panelnotes: users belong to a team database, and none is given (hint: give its URL with --database-url or PANELNOTES_DATABASE_URL (postgres://user:password@host/db))',
    ]);
  });

  it.each(['Ada', 'ada lovelace', '_ada', 'ada.x', '', 'a'.repeat(33), 'ådа'])('users add %j: not a user name', async (name) => {
    const run = await cli(['users', 'add', name], { PANELNOTES_DATABASE_URL: URL });
    expect([run.code, run.opened]).toEqual([2, 0]);
    expect(run.err.join('\n')).toMatch(
      /^panelnotes: ".*" is not a user name: use lowercase letters, digits, - and _, up to 32, starting with a letter or digit/,
    );
  });

  it.each([
    ['--database-url', ['--database-url', 'mysql://root:hunter2-password@db/notes', 'users', 'list'], {}],
    ['--database-url', ['--database-url', 'not a url', 'users', 'list'], {}],
    ['PANELNOTES_DATABASE_URL', ['users', 'list'], { PANELNOTES_DATABASE_URL: 'http://root:hunter2-password@db/notes' }],
  ])('a URL that is not PostgreSQL’s (%s), without quoting it', async (name, argv, env) => {
    const run = await cli(argv, env);
    expect([run.code, run.opened]).toEqual([2, 0]);
    expect(run.err).toEqual([
      `panelnotes: ${name} must be a PostgreSQL URL, like postgres://panelnotes:password@db.example:5432/panelnotes (the value given is not shown, as it may hold a password)`,
    ]);
  });
});

describe('over the team database', () => {
  it('users add prints the token alone on stdout, once, and says it is shown once', async () => {
    const cli = cliOver();
    const run = await cli(['--database-url', URL, 'users', 'add', 'ada', '--admin']);
    expect([run.code, run.opened]).toEqual([0, 1]);
    expect(run.out).toEqual([expect.stringMatching(/^ada\.[A-Za-z0-9_-]{43}$/)]);
    expect(run.err).toEqual([expect.stringMatching(/^panelnotes: added admin ada\. This token is shown only once \(only its hash is kept\)/)]);
    expect(run.err.join('')).not.toContain(run.out[0]);
  });

  it('users list shows names and roles, never tokens; users rm removes; an unknown name is exit 3', async () => {
    const cli = cliOver();
    const env = { PANELNOTES_DATABASE_URL: URL };
    const { out } = await cli(['users', 'add', 'ada', '--admin'], env);
    await cli(['users', 'add', 'bob'], env);
    const listed = await cli(['users', 'list'], env);
    expect(listed.out).toEqual(['ada  admin  since 2026-01-02T03:04:05.000Z', 'bob  user   since 2026-01-02T03:04:05.000Z']);
    expect(listed.out.join('\n')).not.toContain((out[0] as string).split('.')[1]);
    const removed = await cli(['users', 'rm', 'bob'], env);
    expect([removed.code, removed.err]).toEqual([0, ['panelnotes: removed bob; their token no longer works']]);
    expect((await cli(['users', 'list'], env)).out).toEqual(['ada  admin  since 2026-01-02T03:04:05.000Z']);
    const missing = await cli(['users', 'rm', 'bob'], env);
    expect([missing.code, missing.err]).toEqual([3, ['panelnotes: no user named bob']]);
  });

  it('users list over no users says how to add the first', async () => {
    const run = await cliOver()(['users', 'list'], { PANELNOTES_DATABASE_URL: URL });
    expect([run.code, run.out, run.err]).toEqual([0, [], ['panelnotes: no users yet; add the first with `panelnotes users add NAME --admin`']]);
  });
});

describe('the CLI user’s token in team mode', () => {
  const ada = mintToken('ada');
  const users = { userByToken: async (token: string) => (token === ada.token ? { name: 'ada', admin: false, createdAt: '' } : undefined) };

  it('is read from --token, else PANELNOTES_USER_TOKEN', () => {
    expect(loadConfig({ PANELNOTES_USER_TOKEN: 'from-env' }).userToken).toBe('from-env');
    expect(loadConfig({ PANELNOTES_USER_TOKEN: 'from-env' }, { token: 'from-flag' }).userToken).toBe('from-flag');
    expect(loadConfig({}).userToken).toBeUndefined();
  });

  it('names the author of what the CLI adds; single-user mode has none', async () => {
    await expect(cliAuthor(users, { databaseUrl: URL, userToken: ada.token })).resolves.toMatchObject({ name: 'ada' });
    await expect(cliAuthor(users, { databaseUrl: undefined, userToken: ada.token })).resolves.toBeUndefined();
  });

  it('is required in team mode, and must be a user’s', async () => {
    await expect(cliAuthor(users, { databaseUrl: URL, userToken: undefined })).rejects.toMatchObject({
      code: 'USAGE',
      message: 'changes to a team database need your own token',
    });
    await expect(cliAuthor(users, { databaseUrl: URL, userToken: mintToken('ada').token })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
