import type Database from 'better-sqlite3';
import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { PanelnotesError } from '../errors.js';
import { kindOf } from '../regularFile.js';

/*
 * The notes database as a file (store.ts uses it when it opens one): what is at the path, whether
 * it is ours and sound, its schema brought up to date, and why it would not open. A file that is
 * not ours, damaged or too new is refused and left as it is.
 */

/** Marks a file as ours (`PRAGMA application_id`): "pnot". */
const APPLICATION_ID = 0x706e6f74;

/** Each entry moves the schema one version up; `PRAGMA user_version` says where a file is. */
const MIGRATIONS = [
  `CREATE TABLE notes (
     id TEXT PRIMARY KEY,
     video_id TEXT NOT NULL,
     start REAL NOT NULL CHECK (start >= 0),
     end REAL CHECK (end IS NULL OR end > start),
     text TEXT NOT NULL,
     tags TEXT NOT NULL DEFAULT '[]',
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX notes_by_video ON notes (video_id, start);
   CREATE TABLE speaker_turns (
     id TEXT PRIMARY KEY,
     video_id TEXT NOT NULL,
     start REAL NOT NULL CHECK (start >= 0),
     end REAL NOT NULL CHECK (end > start),
     name TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX turns_by_video ON speaker_turns (video_id, start);`,
  // The order notes are shown in, complete (ties broken by id), read from the index alone.
  `DROP INDEX notes_by_video;
   CREATE INDEX notes_in_order ON notes (video_id, start, created_at, id);`,
  // A counter per video and kind that every write moves, whichever process makes it (the CLI,
  // a worker thread, another server): what a running server polls to see what another process
  // changed (services/notesPoller.ts), and what an open page compares to offer a reload.
  `CREATE TABLE IF NOT EXISTS change_stamps (
     video_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('notes', 'speakers')),
     version INTEGER NOT NULL,
     PRIMARY KEY (video_id, kind)
   ) WITHOUT ROWID;
   ${stampTriggers('notes', 'notes')}
   ${stampTriggers('speaker_turns', 'speakers')}`,
  // Speaker turns suggested from the captions' cues (index/suggestSpeakers.ts): marked as such
  // until a person confirms them, with how sure the suggestion was and the cues behind it (JSON).
  `ALTER TABLE speaker_turns ADD COLUMN suggested INTEGER NOT NULL DEFAULT 0 CHECK (suggested IN (0, 1));
   ALTER TABLE speaker_turns ADD COLUMN confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1));
   ALTER TABLE speaker_turns ADD COLUMN cues TEXT CHECK (cues IS NULL OR json_valid(cues));`,
  // Team mode (issue 16): who wrote a note or set a turn (NULL in single-user mode and before),
  // the people who may write (only a hash of each token: server/store/userTokens.ts), and fetch
  // jobs, kept so that their page answers after a restart.
  `ALTER TABLE notes ADD COLUMN author TEXT;
   ALTER TABLE speaker_turns ADD COLUMN author TEXT;
   CREATE TABLE users (
     name TEXT PRIMARY KEY,
     admin INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
     token_hash TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     json TEXT NOT NULL CHECK (json_valid(json)),
     updated_at TEXT NOT NULL
   );
   CREATE INDEX jobs_by_update ON jobs (updated_at);`,
];

/** The schema version this panelnotes writes (a file at a higher one is refused). */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Triggers moving the change stamp of the video a row of `table` belongs to, on every insert, update and delete. */
function stampTriggers(table: string, kind: string): string {
  const bump = (row: 'NEW' | 'OLD'): string =>
    `INSERT INTO change_stamps (video_id, kind, version) VALUES (${row}.video_id, '${kind}', 1)
       ON CONFLICT (video_id, kind) DO UPDATE SET version = version + 1;`;
  return `CREATE TRIGGER IF NOT EXISTS ${table}_inserted AFTER INSERT ON ${table} BEGIN ${bump('NEW')} END;
   CREATE TRIGGER IF NOT EXISTS ${table}_updated AFTER UPDATE ON ${table} BEGIN ${bump('OLD')} ${bump('NEW')} END;
   CREATE TRIGGER IF NOT EXISTS ${table}_deleted AFTER DELETE ON ${table} BEGIN ${bump('OLD')} END;`;
}

/** Why a database would not open: a full disk, a disk or folder refusing (read-only), or a file that is not ours. */
export function openFailure(error: unknown, file: string): PanelnotesError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  // SQLite says only "disk I/O error" when a full disk keeps it from making its -shm file.
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || (/^SQLITE_(CANTOPEN|IOERR)/.test(code) && diskFull(file)))
    return new PanelnotesError(
      'DISK_FULL',
      `cannot open the notes database ${file}: its disk is full; it was left as it is`,
      'free some space, then try again',
      { cause: error },
    );
  if (/^(SQLITE_(CANTOPEN|READONLY|IOERR|PERM|AUTH)|E[A-Z]+$)/.test(code))
    return new PanelnotesError(
      'LIBRARY_WRITE_FAILED',
      `cannot open the notes database ${file} (${message}): its disk or folder is read-only, missing or not ours to write; it was left as it is`,
      "check the disk and the folder's permissions, or give another file with --db or PANELNOTES_DB",
      { cause: error },
    );
  return new PanelnotesError('LIBRARY_CORRUPT', `${file} is not a panelnotes database (${message}); it was left as it is`, undefined, { cause: error });
}

/** Whether the disk holding `file` has (next to) no room left. */
function diskFull(file: string): boolean {
  try {
    const disk = statfsSync(dirname(file));
    // A disk of no blocks at all is not a disk (/proc, /sys): nothing there is ever full.
    return disk.blocks > 0 && disk.bavail * disk.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

/**
 * What a failed write means, for the person who made it. SQLite rolled the transaction back,
 * so every message can say nothing was changed.
 */
export function writeFailure(error: unknown, file: string): PanelnotesError {
  if (error instanceof PanelnotesError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new PanelnotesError(
      'DATABASE_BUSY',
      `the notes database ${file} is busy (another program is writing to it); nothing was changed`,
      'try again in a moment',
    );
  if (code.startsWith('SQLITE_FULL'))
    return new PanelnotesError('DISK_FULL', `the disk holding the notes database ${file} is full; nothing was changed`, 'free some space, then try again', {
      cause: error,
    });
  if (code.startsWith('SQLITE_READONLY'))
    return new PanelnotesError(
      'LIBRARY_WRITE_FAILED',
      `the notes database ${file} cannot be written (read-only file, folder or disk); nothing was changed`,
      'check its permissions and the disk',
      { cause: error },
    );
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return new PanelnotesError('USAGE', `not saved: ${message} (it is there already, or breaks a rule of the notes database)`);
  return new PanelnotesError('LIBRARY_WRITE_FAILED', `could not write to the notes database ${file} (${code || message}); nothing was changed`, undefined, {
    cause: error,
  });
}

/** `missing`, `a file`, or what else is at `file` (a folder, a device, …), following links. */
export function fileKind(file: string): string {
  try {
    return kindOf(statSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Anything else (a folder it may not enter): SQLite tries, and openFailure says why not.
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'a file';
  }
}

/** Refuses a file that is not ours, damaged or too new; true when it is empty (no tables yet). */
export function checkFile(db: Database.Database, file: string): boolean {
  let applicationId: number;
  let version: number;
  let tables: number;
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number;
    version = db.pragma('user_version', { simple: true }) as number;
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  } catch (error) {
    throw openFailure(error, file);
  }
  const fresh = applicationId === 0 && version === 0 && tables === 0;
  if (!fresh && applicationId !== APPLICATION_ID)
    throw new PanelnotesError(
      'LIBRARY_CORRUPT',
      `${file} is an SQLite database of some other program, not panelnotes; it was left as it is`,
      'give another file with --db or PANELNOTES_DB',
    );
  if (version > MIGRATIONS.length)
    throw new PanelnotesError(
      'LIBRARY_CORRUPT',
      `${file} was written by a newer panelnotes (schema ${version}, this one knows ${MIGRATIONS.length}); update panelnotes`,
    );
  if (!fresh) {
    let problems: string[];
    try {
      problems = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).filter((line) => line !== 'ok' && !line.startsWith('***'));
    } catch (error) {
      problems = [(error as Error).message];
    }
    if (problems.length) {
      const more = problems.length > 1 ? ` and ${problems.length - 1} more problem(s)` : '';
      throw new PanelnotesError(
        'LIBRARY_CORRUPT',
        `${file} is damaged (${problems[0]}${more}); it was left as it is`,
        'restore it from a backup (panelnotes notes export … --format json)',
      );
    }
  }
  return fresh;
}

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(version).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${version + i + 1}`);
    })();
  });
}
