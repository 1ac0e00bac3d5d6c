import { randomUUID } from 'node:crypto';
import { PanelnotesError } from '../errors.js';
import type { Job } from '../contracts/videos.js';
import { parseVideoId } from '../videoId.js';
import type { Imports } from './imports.js';

/** A background fetch of a video, as the progress page and the API show it: the API's contract. */
export type { Job } from '../contracts/videos.js';

/**
 * Runs fetches in the background so a request returns at once; each is the imports service's
 * (fetch, save, index), which tells the job when indexing begins. A video already being fetched
 * is not fetched twice: asking again returns the job under way. Finished jobs are kept (a
 * bounded number) so their page still answers.
 */
export class Jobs {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Map<string, Job>();

  constructor(
    private readonly imports: Pick<Imports, 'fetch'>,
    private readonly keep = 200,
  ) {}

  /** Starts fetching `input` (a URL or id), or returns the job already fetching that video. */
  start(input: string): Job {
    const videoId = parseVideoId(input);
    const current = this.running.get(videoId);
    if (current) return current;
    const job: Job = { id: randomUUID(), videoId, state: 'fetching', step: 'asking YouTube for the captions', startedAt: new Date().toISOString() };
    this.jobs.set(job.id, job);
    this.running.set(videoId, job);
    this.forgetOld();
    void this.run(job);
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when every running job has finished (for tests and a graceful stop). */
  async idle(): Promise<void> {
    while (this.running.size) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private async run(job: Job): Promise<void> {
    try {
      await this.imports.fetch(job.videoId, {
        indexing: () => {
          job.state = 'indexing';
          job.step = 'building the search index';
        },
      });
      job.state = 'done';
      job.step = 'ready';
    } catch (error) {
      job.state = 'failed';
      job.step = 'failed';
      const known = error instanceof PanelnotesError ? error : new PanelnotesError('UPSTREAM_FAILED', `fetching failed: ${(error as Error).message}`);
      job.error = { code: known.code, message: known.message, status: known.httpStatus, ...(known.hint ? { hint: known.hint } : {}) };
    } finally {
      job.finishedAt = new Date().toISOString();
      this.running.delete(job.videoId);
    }
  }

  private forgetOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (job.finishedAt) this.jobs.delete(id);
    }
  }
}
