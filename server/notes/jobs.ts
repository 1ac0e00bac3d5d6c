import type Database from 'better-sqlite3';
import type { Job } from '../contracts/videos.js';

/**
 * Fetch jobs in SQLite (the jobs table of storeFile.ts, schema 5), for NotesStore: each kept
 * whole as JSON, so that a job's page still answers after the server restarts. Only the
 * newest KEEP are kept.
 */
export class JobsTable {
  constructor(
    private readonly db: Database.Database,
    private readonly write: <T>(work: () => T) => T,
  ) {}

  /** Saves (adds or replaces) a job, dropping the oldest beyond `keep`. */
  save(job: Job, keep = KEEP): void {
    this.write(() => {
      this.db
        .prepare(
          'INSERT INTO jobs (id, json, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at',
        )
        .run(job.id, JSON.stringify(job), new Date().toISOString());
      this.db.prepare('DELETE FROM jobs WHERE id NOT IN (SELECT id FROM jobs ORDER BY updated_at DESC, id LIMIT ?)').run(keep);
    });
  }

  get(id: string): Job | undefined {
    const json = this.db.prepare('SELECT json FROM jobs WHERE id = ?').pluck().get(id) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Job);
  }

  /** The newest `limit` jobs, newest first. */
  list(limit: number): Job[] {
    return (this.db.prepare('SELECT json FROM jobs ORDER BY updated_at DESC, id LIMIT ?').pluck().all(limit) as string[]).map(
      (json) => JSON.parse(json) as Job,
    );
  }
}

/** Jobs kept: a job's page is looked at within minutes; a thousand is days of fetching. */
const KEEP = 1000;
