import type { Job } from '../../contracts/videos.js';
import type { JobsRepository } from '../types.js';
import type { Database } from './connection.js';

/** Jobs kept: a job's page is looked at within minutes; a thousand is days of fetching (as in SQLite). */
const KEEP = 1000;

/**
 * Fetch jobs in the team database, each kept whole as JSON: any instance's page answers for a
 * job another started, and a job's page still answers after a restart. Only the newest KEEP stay.
 */
export class PostgresJobs implements JobsRepository {
  constructor(private readonly db: Database) {}

  async saveJob(job: Job): Promise<void> {
    await this.db.write(async (tx) => {
      await tx.query(
        'INSERT INTO jobs (id, job, updated_at) VALUES ($1, $2, clock_timestamp()) ON CONFLICT (id) DO UPDATE SET job = excluded.job, updated_at = excluded.updated_at',
        [job.id, JSON.stringify(job)],
      );
      await tx.query('DELETE FROM jobs WHERE id NOT IN (SELECT id FROM jobs ORDER BY updated_at DESC, id LIMIT $1)', [KEEP]);
    });
  }

  async getJob(id: string): Promise<Job | undefined> {
    return (await this.db.read<{ job: Job }>('SELECT job FROM jobs WHERE id = $1', [id]))[0]?.job;
  }

  async listJobs(limit: number): Promise<Job[]> {
    return (await this.db.read<{ job: Job }>('SELECT job FROM jobs ORDER BY updated_at DESC, id LIMIT $1', [limit])).map((r) => r.job);
  }
}
