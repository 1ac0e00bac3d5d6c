import type Database from 'better-sqlite3';
import { PanelnotesError } from '../errors.js';
import { mintToken, parseToken, secretMatches } from '../store/userTokens.js';
import type { User } from '../store/types.js';

interface UserRow {
  name: string;
  admin: number;
  token_hash: string;
  created_at: string;
}

/**
 * Team mode's people in SQLite (the users table of storeFile.ts, schema 5), for NotesStore. A
 * token is shown once, when its user is made; only the SHA-256 of its secret is kept, and a
 * token given back is looked up by the name it carries, then compared in constant time
 * (userTokens.ts).
 */
export class UsersTable {
  constructor(
    private readonly db: Database.Database,
    private readonly write: <T>(work: () => T) => T,
  ) {}

  /** @throws PanelnotesError USAGE for a name that is not one, CONFLICT when it is taken */
  add(name: string, admin: boolean, now = new Date()): { user: User; token: string } {
    const { token, hash } = mintToken(name);
    return this.write(() => {
      if (this.row(name)) throw new PanelnotesError('CONFLICT', `there is a user ${name} already`, 'choose another name, or remove that user first');
      const user: User = { name, admin, createdAt: now.toISOString() };
      this.db.prepare('INSERT INTO users (name, admin, token_hash, created_at) VALUES (?, ?, ?, ?)').run(name, admin ? 1 : 0, hash, user.createdAt);
      return { user, token };
    });
  }

  /** Everyone, by name. */
  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(toUser);
  }

  /** @throws PanelnotesError NOT_FOUND */
  remove(name: string): User {
    return this.write(() => {
      const row = this.row(name);
      if (!row) throw new PanelnotesError('NOT_FOUND', `no user ${name}`);
      this.db.prepare('DELETE FROM users WHERE name = ?').run(name);
      return toUser(row);
    });
  }

  /** The user whose token this is, or undefined (not shaped like a token, no such user, or the wrong secret). */
  byToken(token: string): User | undefined {
    const parsed = parseToken(token);
    const row = parsed && this.row(parsed.name);
    return row && parsed && secretMatches(parsed.secret, row.token_hash) ? toUser(row) : undefined;
  }

  private row(name: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }
}

function toUser(row: UserRow): User {
  return { name: row.name, admin: row.admin === 1, createdAt: row.created_at };
}
