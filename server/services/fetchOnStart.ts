import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomicWrite.js';
import { PanelnotesError } from '../errors.js';
import { sampleDirOf } from '../library.js';
import type { Catalog } from './catalog.js';
import type { Imports } from './imports.js';

/**
 * The server fetches the panel, as designed: the library ships a synthetic sample of a talk so
 * that it works offline, and on start the server tries, in the background, to replace it with
 * the talk's real captions from YouTube. Start-up never waits for it; a dead network fails the
 * first request at once and costs nothing more. On success the real transcript replaces the
 * sample (notes belong to the video, so they stay); on failure the sample is kept, one line
 * says why, and the library page says how to get the captions (see `failures`).
 *
 * A talk is fetched this way once. The library folder remembers it (`.fetched-on-start`), and
 * a talk of which the user once had a transcript of their own: if they delete it, it stays
 * deleted, and the sample shows again rather than a fetch nobody asked for.
 *
 * Only one server does it at a time: the one that takes the lock. With a library folder (the
 * SQLite engine) the lock is a file in it, which every process sharing that folder sees, and the
 * folder remembers the talks. Team mode (several servers over one database) passes its own
 * `claim`, an advisory lock in the database (store.claim), and no folder: the database remembers,
 * by `everHeld` (its change log), every talk it ever held a transcript of. Checked once the claim
 * is taken, it skips a talk another instance fetched meanwhile, and one the team deleted.
 */
export type Claim = () => Promise<(() => Promise<void>) | undefined>;

export interface StartFailure {
  videoId: string;
  title: string;
  message: string;
  hint?: string;
}

/** Where the library remembers the talks fetched on start. Not `.json`: the library reads every `*.json` as a transcript. */
const MEMORY = '.fetched-on-start';
const LOCK = '.fetch-on-start.lock';
/** A lock older than this was left by a server that died mid-fetch. */
const STALE_LOCK_MS = 10 * 60 * 1000;

export class FetchOnStart {
  private readonly failed = new Map<string, StartFailure>();
  /** What is remembered without a library folder (team mode): for as long as the server runs. */
  private readonly remembered: Memory = {};

  constructor(
    private readonly deps: {
      catalog: Pick<Catalog, 'list'>;
      imports: Pick<Imports, 'fetch'>;
      /** The SQLite engine's library folder, where the talks fetched on start are remembered; none in team mode. */
      libraryDir?: string;
      /** Takes the lock, or answers undefined when another instance holds it; a lock file in the library folder unless told. */
      claim?: Claim;
      /** Team mode: whether the store ever held a transcript of the talk (then it is not fetched on start). */
      everHeld?: (videoId: string) => Promise<boolean>;
    },
  ) {}

  /** The sample talks whose real captions could not be fetched this run, for the library page. */
  failures(): StartFailure[] {
    return [...this.failed.values()];
  }

  /**
   * Fetches the real captions of every talk the library holds only as the sample. Call it
   * without awaiting it: it never throws, and reports by `log` (a line per talk tried; stderr
   * in the server) and `failures`.
   */
  async run(log: (line: string) => void): Promise<void> {
    try {
      await this.fetchSamples(log);
    } catch (error) {
      log(`panelnotes: could not look for the real captions of the sample: ${(error as Error).message}`);
    }
  }

  private async fetchSamples(log: (line: string) => void): Promise<void> {
    const { libraryDir } = this.deps;
    const memory = libraryDir === undefined ? this.remembered : await readMemory(libraryDir);
    const remember = (): Promise<void> => (libraryDir === undefined ? Promise.resolve() : writeMemory(libraryDir, memory));
    const views = this.deps.catalog.list();
    // The user's own transcript of a shipped talk: remembered, so deleting it never brings a fetch.
    const shipped = libraryDir === undefined ? new Set<string>() : await shippedIds(libraryDir);
    const theirs = views.filter((v) => v.record.source !== 'sample' && shipped.has(v.record.videoId) && !memory[v.record.videoId]);
    for (const v of theirs) memory[v.record.videoId] = { had: v.record.fetchedAt };
    if (theirs.length) await remember();
    const samples = views.map((v) => v.record).filter((r) => r.source === 'sample' && !memory[r.videoId]);
    if (!samples.length) return;
    const release = await (this.deps.claim ?? (libraryDir === undefined ? unclaimed : fileLock(libraryDir)))();
    if (!release) return; // another server holds the lock and does it
    try {
      for (const sample of samples) {
        if (await this.deps.everHeld?.(sample.videoId)) continue;
        try {
          const { record } = await this.deps.imports.fetch(sample.videoId, { retries: 0 });
          memory[sample.videoId] = { fetched: record.fetchedAt };
          await remember();
          this.failed.delete(sample.videoId);
          log(`panelnotes: fetched the real captions of "${record.title}" (${sample.videoId}) from YouTube; they replace the sample, notes kept`);
        } catch (error) {
          const known = error instanceof PanelnotesError ? error : new PanelnotesError('UPSTREAM_FAILED', (error as Error).message);
          this.failed.set(sample.videoId, {
            videoId: sample.videoId,
            title: sample.title,
            message: known.message,
            ...(known.hint ? { hint: known.hint } : {}),
          });
          log(`panelnotes: could not fetch the real captions of ${sample.videoId}, still serving the sample: ${known.message}`);
        }
      }
    } finally {
      await release();
    }
  }
}

type Memory = Record<string, { fetched?: string; had?: string }>;

async function readMemory(libraryDir: string): Promise<Memory> {
  try {
    const data: unknown = JSON.parse(await readFile(join(libraryDir, MEMORY), 'utf8'));
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? ((data as { talks?: Memory }).talks ?? {}) : {};
  } catch {
    return {}; // none yet, or unreadable: nothing remembered
  }
}

function writeMemory(libraryDir: string, talks: Memory): Promise<void> {
  return writeFileAtomic(
    join(libraryDir, MEMORY),
    `${JSON.stringify({ about: 'talks panelnotes fetched on start, or that you had: never fetched on start again', talks }, null, 2)}\n`,
  );
}

/** The ids of the shipped sample talks beneath this library (none for a library of its own). */
async function shippedIds(libraryDir: string): Promise<Set<string>> {
  const dir = sampleDirOf(libraryDir);
  if (!dir) return new Set();
  const names = await readdir(dir).catch(() => [] as string[]);
  return new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)));
}

/** No lock to take: a server alone with its store (told no `claim` and no folder). */
const unclaimed: Claim = () => Promise.resolve(() => Promise.resolve());

/** The lock every process sharing the library folder sees: a file made with O_EXCL, removed when done. */
export function fileLock(libraryDir: string): Claim {
  const path = join(libraryDir, LOCK);
  return async () => {
    await mkdir(libraryDir, { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const file = await open(path, 'wx');
        await file.writeFile(`${process.pid}\n`);
        await file.close();
        return () => rm(path, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
        if (age < STALE_LOCK_MS) return undefined;
        await rm(path, { force: true });
      }
    }
    return undefined;
  };
}
