import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildVideoIndex, INDEX_FORMAT_VERSION, type VideoIndexData } from '../../index/build.js';
import { checkIndexData, type CacheExpectation } from '../../index/cacheSchema.js';
import { writeFileAtomic } from '../atomicWrite.js';
import { describeJsonError, readRegularFile } from '../regularFile.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { Vocabulary } from './vocabulary.js';

/** A cache file beyond this is not read (and is rebuilt): a day-long talk's is well under a tenth of it. */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * Built indexes are cached per video in the cache folder (`<cacheDir>/<videoId>.json`), keyed by a hash of what
 * they were built from: the transcript, the topics and glossary files, and the index format.
 * Any change to one of them rebuilds that video's index, and only that one.
 */
export function cacheKey(record: TranscriptRecord, vocabulary: Vocabulary): string {
  return createHash('sha256').update(`panelnotes-index-${INDEX_FORMAT_VERSION}\n`).update(vocabulary.fingerprint).update(JSON.stringify(record)).digest('hex');
}

export interface CachedIndex {
  data: VideoIndexData;
  /** `built` when it had to be (re)built, `cached` when the cache was current. */
  origin: 'built' | 'cached';
  /**
   * Why the cache file there was not used although it claimed to be current: damaged, not a
   * regular file, or inconsistent (see cacheSchema.ts). Never quotes the file. A cache that is
   * merely missing or out of date is rebuilt without one.
   */
  problem?: string;
  /** The cache file. */
  path: string;
}

/** The video's index from the cache when current and sound, else built and written to the cache. */
export async function loadOrBuild(record: TranscriptRecord, vocabulary: Vocabulary, cacheDir: string, rebuild = false): Promise<CachedIndex> {
  const key = cacheKey(record, vocabulary);
  const path = join(cacheDir, `${record.videoId}.json`);
  let problem: string | undefined;
  if (!rebuild) {
    const expected = {
      videoId: record.videoId,
      segments: record.segments.length,
      topics: [...vocabulary.topics.topics.map((t) => t.id), vocabulary.topics.fallback.id],
    };
    const cached = await readCache(path, key, expected);
    if ('data' in cached) return { data: cached.data, origin: 'cached', path };
    problem = cached.problem;
  }
  const data = buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, key);
  try {
    await writeFileAtomic(path, JSON.stringify(data));
  } catch {
    // A read-only or full disk costs the next start a rebuild, nothing more.
  }
  return { data, origin: 'built', path, ...(problem ? { problem } : {}) };
}

/**
 * The cache file's index when it is current (same format and key) and passes checkIndexData.
 * `problem` is set only for a file that should have been usable and was not.
 */
async function readCache(path: string, key: string, expected: CacheExpectation): Promise<{ data: VideoIndexData } | { problem?: string }> {
  // Only a regular file of ours: a FIFO put there would otherwise hang start-up.
  const read = await readRegularFile(path, { maxBytes: MAX_CACHE_BYTES });
  if ('problem' in read) return read.missing ? {} : { problem: read.problem };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (error) {
    return { problem: describeJsonError(error, read.text) };
  }
  // Another format or another key: out of date, the usual reason to rebuild, said nothing about.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not an index (expected an object)' };
  const stamp = value as { format?: unknown; key?: unknown };
  if (stamp.format !== INDEX_FORMAT_VERSION || stamp.key !== key) return {};
  return checkIndexData(value, expected);
}
