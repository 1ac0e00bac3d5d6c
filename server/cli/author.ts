import type { Config } from '../config.js';
import { PanelnotesError } from '../errors.js';
import type { User, UsersRepository } from '../store/types.js';

/**
 * Who writes from the command line: in team mode the user whose token is given (`--token` or
 * PANELNOTES_USER_TOKEN), so a note added from a terminal carries its author as one added on
 * the page does; in single-user mode nobody (notes have no author there).
 *
 * @example await cliAuthor(store, config(command)) // { name: 'ada', admin: false, … } in team mode
 * @throws PanelnotesError USAGE without a token in team mode, UNAUTHORIZED for a token nobody holds
 */
export async function cliAuthor(users: Pick<UsersRepository, 'userByToken'>, config: Pick<Config, 'databaseUrl' | 'userToken'>): Promise<User | undefined> {
  if (config.databaseUrl === undefined) return undefined;
  if (config.userToken === undefined)
    throw new PanelnotesError(
      'USAGE',
      'changes to a team database need your own token',
      'set PANELNOTES_USER_TOKEN (or give --token) to the token `panelnotes users add` printed for you',
    );
  const user = await users.userByToken(config.userToken);
  if (!user)
    throw new PanelnotesError('UNAUTHORIZED', "that token is not a user's in this team database", 'ask an admin for a new one (`panelnotes users add`)');
  return user;
}
