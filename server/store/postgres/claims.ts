import pg from 'pg';
import { LOCK_SPACE, unreachable } from './connection.js';

/**
 * Work one instance of a team does for all of them (today: fetching the sample talks' real
 * captions on start, services/fetchOnStart.ts), claimed by a session advisory lock. The lock
 * lives as long as the session holding it: released when the work is done, and by PostgreSQL
 * itself when the instance dies mid-work, so a claim is never left behind as a lock file can be.
 */

/** What can be claimed, and its advisory lock key (after connection.ts's 1 and 2). */
const CLAIMS = { 'fetch-on-start': 3 } as const;
export type ClaimName = keyof typeof CLAIMS;

/** How the claiming connection shows in pg_stat_activity. */
export const CLAIM_NAME = 'panelnotes claim';

/**
 * Takes the claim on a connection of its own (a pooled one would be handed back, and the lock
 * with it), or answers undefined when another instance holds it. The returned function ends it.
 *
 * @example const release = await claim(url, 'fetch-on-start'); if (release) try { ... } finally { await release(); }
 * @throws PanelnotesError DATABASE_UNAVAILABLE when the database cannot be reached
 */
export async function claim(url: string, name: ClaimName): Promise<(() => Promise<void>) | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: CLAIM_NAME });
  // The server ending this session (a restart, pg_terminate_backend) ends the claim with it; heard here, not as a crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS taken', [LOCK_SPACE, CLAIMS[name]]);
    if (rows[0]?.taken) return () => client.end().catch(() => undefined);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw unreachable(error, url, `${name} was not claimed`);
  }
  await client.end().catch(() => undefined);
  return undefined;
}
