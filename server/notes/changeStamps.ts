import type Database from 'better-sqlite3';

/** One video's counter of one kind of change (see the change_stamps table in storeFile.ts). */
export interface ChangeStamp {
  videoId: string;
  kind: 'notes' | 'speakers';
  version: number;
}

/**
 * What other processes changed in the notes database, cheaply: SQLite's `PRAGMA data_version`
 * moves when another connection (another process, a worker thread) commits, never for this
 * one's own writes; the change_stamps table, kept by triggers (storeFile.ts), says which videos'
 * notes or speakers any write touched. Read by the server's poller (services/notesPoller.ts) and
 * by the versions an open page compares.
 *
 * @example store.changes.dataVersion() // 7, then 8 after the CLI added a note
 */
export class ChangeStamps {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** Compiled when first used: a database opened only to read, and never migrated, may not have the table. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** Moves whenever another connection committed; reading it touches only the WAL's shared memory. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** Every video's stamps, a counter per video and kind that every write moves. */
  list(): ChangeStamp[] {
    return this.statement('SELECT video_id AS videoId, kind, version FROM change_stamps').all() as ChangeStamp[];
  }

  /** One number that moves with every change to a video's notes and speakers (with no video: to any video's). */
  stamp(videoId?: string): number {
    return videoId === undefined
      ? (this.statement('SELECT total(version) FROM change_stamps').pluck().get() as number)
      : (this.statement('SELECT total(version) FROM change_stamps WHERE video_id = ?').pluck().get(videoId) as number);
  }
}
