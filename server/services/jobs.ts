import { randomUUID } from 'node:crypto';
import { PanelnotesError } from '../errors.js';
import type { Job } from '../contracts/videos.js';
import { parseVideoId } from '../videoId.js';
import { fetchBatch, type BatchOptions, type TalkOutcome } from './batch.js';
import type { Imports } from './imports.js';
import type { JobsRepository } from '../store/types.js';

/** A background fetch of a video, as the progress page and the API show it: the API's contract. */
export type { Job } from '../contracts/videos.js';

/** A list of talks fetched one after another (the add-video page's list of URLs). */
export interface JobBatch {
  id: string;
  jobs: Job[];
  startedAt: string;
  finishedAt?: string;
}

/**
 * Runs fetches in the background so a request returns at once; each is the imports service's
 * (fetch, save, index), which tells the job when indexing begins. A video already being fetched
 * is not fetched twice: asking again returns the job under way. Finished jobs are kept (a
 * bounded number) so their page still answers; with a store, each job is saved there as it
 * moves, so its page answers after a restart too (and, in team mode, on every instance).
 */
export class Jobs {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Map<string, Job>();
  private readonly batches = new Map<string, JobBatch>();
  private batchesRunning = 0;

  constructor(
    private readonly imports: Pick<Imports, 'fetch' | 'existing'>,
    private readonly keep = 200,
    /** How a list is paced (see services/batch.ts): tests pass a `sleep` that does not wait. */
    private readonly pace: Pick<BatchOptions, 'delayMs' | 'backoffMs' | 'sleep'> = {},
    /** Where jobs are kept beyond this process's memory. */
    private readonly saved?: Pick<JobsRepository, 'saveJob' | 'getJob'>,
  ) {}

  /**
   * Keeps a job as it now stands. Saves run one after another, so the last state is the one
   * kept; a failed save (a database gone a moment) leaves the job in memory, as before.
   */
  private save(job: Job): void {
    if (!this.saved) return;
    const copy = { ...job, ...(job.error ? { error: { ...job.error } } : {}) };
    this.saving = this.saving.then(() => (this.saved as NonNullable<typeof this.saved>).saveJob(copy)).catch(() => undefined);
  }

  private saving: Promise<void> = Promise.resolve();

  /** Starts fetching `input` (a URL or id), or returns the job already fetching that video. */
  start(input: string): Job {
    const videoId = parseVideoId(input);
    const current = this.running.get(videoId);
    if (current) return current;
    const job: Job = { id: randomUUID(), videoId, state: 'fetching', step: 'asking YouTube for the captions', startedAt: new Date().toISOString() };
    this.jobs.set(job.id, job);
    this.running.set(videoId, job);
    this.forgetOld();
    this.save(job);
    void this.run(job);
    return job;
  }

  /** A job of this process (running or kept), else one the store kept (from before a restart, or another instance's). */
  async get(id: string): Promise<Job | undefined> {
    return this.jobs.get(id) ?? (await this.saved?.getJob(id));
  }

  /**
   * Fetches a list of talks (URLs or ids, checked before anything starts) one after another,
   * paced and skipping those already in the library, as `panelnotes fetch` does; each talk is
   * a job of its own, `waiting` until its turn.
   */
  startBatch(inputs: string[]): JobBatch {
    const videoIds = [...new Set(inputs.map((input) => parseVideoId(input)))];
    const startedAt = new Date().toISOString();
    const batch: JobBatch = {
      id: randomUUID(),
      startedAt,
      jobs: videoIds.map((videoId) => ({ id: randomUUID(), videoId, state: 'waiting', step: 'waiting its turn', startedAt })),
    };
    for (const job of batch.jobs) {
      this.jobs.set(job.id, job);
      this.save(job);
    }
    this.batches.set(batch.id, batch);
    if (this.batches.size > 50) this.batches.delete(this.batches.keys().next().value as string);
    void this.runBatch(batch);
    return batch;
  }

  getBatch(id: string): JobBatch | undefined {
    return this.batches.get(id);
  }

  private async runBatch(batch: JobBatch): Promise<void> {
    this.batchesRunning++;
    const jobOf = new Map(batch.jobs.map((job) => [job.videoId, job]));
    const finish = (job: Job, outcome: TalkOutcome): void => {
      job.finishedAt = new Date().toISOString();
      if (outcome.state === 'failed') {
        Object.assign(job, { state: 'failed', step: 'failed' });
        job.error = describe(outcome.error);
      } else Object.assign(job, { state: 'done', step: outcome.state === 'skipped' ? 'already in the library' : 'ready' });
      this.save(job);
    };
    await fetchBatch(
      batch.jobs.map((job) => ({ videoId: job.videoId })),
      {
        existing: (videoId) => this.imports.existing(videoId),
        fetchOne: async ({ videoId }) => {
          const job = jobOf.get(videoId) as Job;
          Object.assign(job, { state: 'fetching', step: 'asking YouTube for the captions' });
          this.save(job);
          const indexing = (): void => {
            Object.assign(job, { state: 'indexing', step: 'building the search index' });
            this.save(job);
          };
          return (await this.imports.fetch(videoId, { indexing })).record;
        },
      },
      { ...this.pace, onTalk: (_i, talk, outcome) => finish(jobOf.get(talk.videoId) as Job, outcome) },
    ).finally(() => {
      batch.finishedAt = new Date().toISOString();
      this.batchesRunning--;
    });
  }

  /** Resolves when every running job has finished (for tests and a graceful stop). */
  async idle(): Promise<void> {
    while (this.running.size || this.batchesRunning) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.saving;
  }

  private async run(job: Job): Promise<void> {
    try {
      await this.imports.fetch(job.videoId, {
        indexing: () => {
          job.state = 'indexing';
          job.step = 'building the search index';
          this.save(job);
        },
      });
      job.state = 'done';
      job.step = 'ready';
    } catch (error) {
      job.state = 'failed';
      job.step = 'failed';
      job.error = describe(error instanceof PanelnotesError ? error : new PanelnotesError('UPSTREAM_FAILED', `fetching failed: ${(error as Error).message}`));
    } finally {
      job.finishedAt = new Date().toISOString();
      this.running.delete(job.videoId);
      this.save(job);
    }
  }

  private forgetOld(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (job.finishedAt) this.jobs.delete(id);
    }
  }
}

/** A failed job's error, as the progress page and the API show it. */
function describe(error: PanelnotesError): NonNullable<Job['error']> {
  return { code: error.code, message: error.message, status: error.httpStatus, ...(error.hint ? { hint: error.hint } : {}) };
}
