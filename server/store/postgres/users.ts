import { PanelnotesError } from '../../errors.js';
import type { StoredUser } from '../sqlite/teamRows.js';
import type { User, UsersRepository } from '../types.js';
import { mintToken, parseToken, secretMatches } from '../userTokens.js';
import { describeUrl, type Database } from './connection.js';

interface UserRow {
  name: string;
  admin: boolean;
  token_hash: string;
  created_at: string;
}

/**
 * Team mode's people in the team database. A token is shown once, when its user is made; only
 * the SHA-256 of its secret is kept, and a token given back is looked up by the name it
 * carries, then compared in constant time (userTokens.ts).
 */
export class PostgresUsers implements UsersRepository {
  /**
   * The users this instance has looked up, as the database last said (hash and all): while the
   * database is out of reach, a token is checked against them, so people signed in keep reading
   * pages, and their writes hear the store's own 503 rather than a failed look-up. It grants
   * nothing a write could use: every write needs the database, which refuses it meanwhile.
   */
  private readonly seen = new Map<string, UserRow>();

  constructor(private readonly db: Database) {}

  async addUser(name: string, admin: boolean): Promise<{ user: User; token: string }> {
    const { token, hash } = mintToken(name);
    const user: User = { name, admin, createdAt: new Date().toISOString() };
    return this.db.write(async (tx) => {
      // ON CONFLICT rather than a look first: two instances adding one name at once cannot both win.
      const { rowCount } = await tx.query('INSERT INTO users (name, admin, token_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING', [
        name,
        admin,
        hash,
        user.createdAt,
      ]);
      if (!rowCount) throw new PanelnotesError('CONFLICT', `there is a user ${name} already`, 'choose another name, or remove that user first');
      return { user, token };
    });
  }

  /** Copies a user as stored elsewhere, token hash and all (panelnotes migrate); false when the name is there already. */
  async importUser(user: StoredUser): Promise<boolean> {
    return this.db.write(async (tx) => {
      const sql = 'INSERT INTO users (name, admin, token_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING';
      return Boolean((await tx.query(sql, [user.name, user.admin, user.tokenHash, user.createdAt])).rowCount);
    });
  }

  async listUsers(): Promise<User[]> {
    return (await this.db.read<UserRow>('SELECT * FROM users ORDER BY name')).map(toUser);
  }

  async removeUser(name: string): Promise<User> {
    return this.db.write(async (tx) => {
      const row = (await tx.query<UserRow>('DELETE FROM users WHERE name = $1 RETURNING *', [name])).rows[0];
      if (!row) throw new PanelnotesError('NOT_FOUND', `no user ${name}`);
      this.seen.delete(name);
      return toUser(row);
    });
  }

  async userByToken(token: string): Promise<User | undefined> {
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    let row: UserRow | undefined;
    try {
      row = (await this.db.read<UserRow>('SELECT * FROM users WHERE name = $1', [parsed.name]))[0];
    } catch (error) {
      if (!(error instanceof PanelnotesError) || error.code !== 'DATABASE_UNAVAILABLE') throw error;
      row = this.seen.get(parsed.name);
      if (row) return secretMatches(parsed.secret, row.token_hash) ? toUser(row) : undefined;
      // Said as what it means to the writer: the look-up was the first step of a change not made.
      throw new PanelnotesError(
        'DATABASE_UNAVAILABLE',
        `the team database ${describeUrl(this.db.url)} cannot be reached to check the token; nothing was changed`,
        'try again in a moment: this instance reconnects by itself',
        { cause: error },
      );
    }
    if (row) this.seen.set(row.name, row);
    else this.seen.delete(parsed.name);
    return row && secretMatches(parsed.secret, row.token_hash) ? toUser(row) : undefined;
  }
}

function toUser(row: UserRow): User {
  return { name: row.name, admin: row.admin, createdAt: row.created_at };
}
