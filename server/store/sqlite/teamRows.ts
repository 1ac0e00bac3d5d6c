import Database from 'better-sqlite3';
import type { Job } from '../../contracts/videos.js';
import { PanelnotesError } from '../../errors.js';
import type { User } from '../types.js';

/** A user as stored: with the hash of their token, which a copy must keep (the token itself was never stored). */
export interface StoredUser extends User {
  tokenHash: string;
}

/**
 * The users (with their token hashes) and jobs of a notes database, read as they are for
 * `panelnotes migrate --from-sqlite`: the Store interface hands out neither hashes nor rows.
 * A file from before those tables (schema 5) has none of either. Opened read-only: the file is
 * left exactly as it was.
 *
 * @example readTeamRows('data/panelnotes.db') // { users: [{ name: 'ada', admin: true, createdAt: '…', tokenHash: '5e1…' }], jobs: [] }
 */
export function readTeamRows(file: string): { users: StoredUser[]; jobs: Job[] } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new PanelnotesError('FILE_UNREADABLE', `cannot read the notes database ${file}: ${(error as Error).message}`);
  }
  try {
    const has = (table: string): boolean => Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table));
    const users = has('users')
      ? (
          db.prepare('SELECT name, admin, token_hash, created_at FROM users ORDER BY name').all() as {
            name: string;
            admin: number;
            token_hash: string;
            created_at: string;
          }[]
        ).map((row) => ({ name: row.name, admin: row.admin === 1, createdAt: row.created_at, tokenHash: row.token_hash }))
      : [];
    const jobs = has('jobs')
      ? (db.prepare('SELECT json FROM jobs ORDER BY updated_at, id').pluck().all() as string[]).map((json) => JSON.parse(json) as Job)
      : [];
    return { users, jobs };
  } finally {
    db.close();
  }
}
