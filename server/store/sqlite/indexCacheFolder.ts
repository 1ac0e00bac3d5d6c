import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { INDEX_FORMAT_VERSION, type VideoIndexData } from '../../../index/build.js';
import { writeFileAtomic } from '../../atomicWrite.js';
import { describeJsonError, readRegularFile } from '../../regularFile.js';
import { StoredDataProblem } from '../storedProblem.js';
import type { TranscriptsRepository } from '../types.js';

/** A cache file beyond this is not read (and is rebuilt): a day-long talk's is well under a tenth of it. */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * Built indexes kept per video in the cache folder (`<cacheDir>/<videoId>.json`), stamped with
 * the index format and the key they were built for (see search/cache.ts cacheKey): the SQLite
 * engine's index data, and what the worker threads read and write directly.
 *
 * Only a regular file of ours is read: a FIFO put there would otherwise hang start-up, a link
 * could show another file. What is found unreadable is thrown as a StoredDataProblem naming the
 * file, never quoting it; a file of another format or key is merely out of date (undefined).
 * The content of a current file is checked by the caller (loadOrBuild), whatever engine it came
 * from.
 *
 * @example await new IndexCacheFolder('transcripts/library/.index').getIndexData('S6Sjj6OtyvY', key) // the data, or undefined
 */
export class IndexCacheFolder implements Pick<TranscriptsRepository, 'getIndexData' | 'putIndexData'> {
  constructor(readonly cacheDir: string) {}

  locate(videoId: string): string {
    return join(this.cacheDir, `${videoId}.json`);
  }

  async getIndexData(videoId: string, key: string): Promise<VideoIndexData | undefined> {
    const path = this.locate(videoId);
    const read = await readRegularFile(path, { maxBytes: MAX_CACHE_BYTES });
    if ('problem' in read) {
      if (read.missing) return undefined;
      throw new StoredDataProblem(path, read.problem);
    }
    let value: unknown;
    try {
      value = JSON.parse(read.text);
    } catch (error) {
      throw new StoredDataProblem(path, describeJsonError(error, read.text));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StoredDataProblem(path, 'not an index (expected an object)');
    // Another format or another key: out of date, the usual reason to rebuild, said nothing about.
    const stamp = value as { format?: unknown; key?: unknown };
    if (stamp.format !== INDEX_FORMAT_VERSION || stamp.key !== key) return undefined;
    return value as VideoIndexData;
  }

  /** Written atomically: a crash leaves the old file or the new one. */
  async putIndexData(videoId: string, key: string, data: VideoIndexData): Promise<void> {
    await writeFileAtomic(this.locate(videoId), JSON.stringify(data.key === key ? data : { ...data, key }));
  }

  /** Forgets a video's index (its transcript was removed). */
  async remove(videoId: string): Promise<void> {
    await rm(this.locate(videoId), { force: true });
  }
}
