import type pg from 'pg';
import { PanelnotesError } from '../../errors.js';
import { borrow, connectionLost, describeUrl, inTransaction, LOCK_SPACE, MIGRATION_LOCK, unreachable } from './connection.js';

/*
 * The team database's schema, numbered and versioned like the SQLite file's (notes/storeFile.ts):
 * each entry moves it one version up, and `schema_version` records each version applied.
 * Text that is sorted or compared (ids, video ids, ISO times) is `COLLATE "C"`, byte order, as
 * SQLite compares it, so both engines list notes in one order whatever the database's locale.
 */
const MIGRATIONS = [
  `CREATE TABLE notes (
     id text COLLATE "C" PRIMARY KEY,
     video_id text COLLATE "C" NOT NULL,
     start double precision NOT NULL CHECK (start >= 0),
     "end" double precision CHECK ("end" IS NULL OR "end" > start),
     text text NOT NULL,
     tags text[] NOT NULL DEFAULT '{}',
     created_at text COLLATE "C" NOT NULL,
     updated_at text COLLATE "C" NOT NULL,
     author text
   );
   CREATE INDEX notes_in_order ON notes (video_id, start, created_at, id);
   CREATE TABLE speaker_turns (
     id text COLLATE "C" PRIMARY KEY,
     video_id text COLLATE "C" NOT NULL,
     start double precision NOT NULL CHECK (start >= 0),
     "end" double precision NOT NULL CHECK ("end" > start),
     name text NOT NULL,
     created_at text COLLATE "C" NOT NULL,
     suggested boolean NOT NULL DEFAULT false,
     confidence double precision CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
     cues json,
     author text
   );
   CREATE INDEX turns_in_order ON speaker_turns (video_id, start, created_at, id);
   CREATE TABLE users (
     name text COLLATE "C" PRIMARY KEY,
     admin boolean NOT NULL DEFAULT false,
     token_hash text NOT NULL,
     created_at text NOT NULL
   );
   CREATE TABLE jobs (
     id text COLLATE "C" PRIMARY KEY,
     job json NOT NULL,
     updated_at timestamptz NOT NULL
   );
   CREATE INDEX jobs_by_update ON jobs (updated_at);
   -- json, not jsonb: kept as written, so every instance hashes a transcript alike (search/cache.ts).
   CREATE TABLE transcripts (
     video_id text COLLATE "C" PRIMARY KEY,
     record json NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE TABLE index_data (
     video_id text COLLATE "C" PRIMARY KEY,
     key text NOT NULL,
     data json NOT NULL
   );
   -- What changed, in commit order (connection.ts's write): what an instance that lost its
   -- connection reads to catch up, from the last change it saw.
   CREATE TABLE change_log (
     seq bigserial PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('transcript', 'notes', 'speakers')),
     video_id text COLLATE "C" NOT NULL,
     at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX change_log_by_video ON change_log (video_id, seq);`,
];

/** The schema version this panelnotes writes (a database at a higher one is refused). */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema up to date under an advisory lock, so instances starting together migrate
 * once: the first takes the lock and migrates, the others wait, then find nothing to do. Each
 * version is applied in its own transaction with its `schema_version` row.
 * @throws PanelnotesError LIBRARY_CORRUPT when the database was written by a newer panelnotes
 */
export async function migrate(pool: pg.Pool, url: string, migrations: readonly string[] = MIGRATIONS): Promise<void> {
  try {
    await borrow(pool, async (client) => {
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
        const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_version');
        const version = rows[0]?.version ?? 0;
        if (version > migrations.length)
          throw new PanelnotesError(
            'LIBRARY_CORRUPT',
            `the team database ${describeUrl(url)} was written by a newer panelnotes (schema ${version}, this one knows ${migrations.length}); update panelnotes`,
          );
        for (const [i, sql] of migrations.slice(version).entries())
          await inTransaction(client, async () => {
            await client.query(sql);
            await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version + i + 1]);
          });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK]).catch(() => undefined);
      }
    });
  } catch (error) {
    if (error instanceof PanelnotesError) throw error;
    if (connectionLost(error)) throw unreachable(error, url, 'panelnotes did not start');
    throw new PanelnotesError(
      'LIBRARY_CORRUPT',
      `could not bring the team database ${describeUrl(url)} up to date: ${(error as Error).message}; nothing was changed`,
      'is it a panelnotes database? give another with PANELNOTES_DATABASE_URL',
    );
  }
}
