import { createHash } from 'node:crypto';
import { buildVideoIndex, INDEX_FORMAT_VERSION, type VideoIndexData } from '../../index/build.js';
import { checkIndexData } from '../../index/cacheSchema.js';
import { withSpeakers, type Turn } from '../../index/speakers.js';
import { IndexCacheFolder } from '../store/sqlite/indexCacheFolder.js';
import { locate, StoredDataProblem } from '../store/storedProblem.js';
import type { TranscriptsRepository } from '../store/types.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Where built indexes are kept: a repository's index data (the cache folder in the SQLite engine,
 * the database in team mode), or a cache folder named by its path (what worker threads are
 * given: a repository does not cross to another thread).
 */
export type IndexData = Pick<TranscriptsRepository, 'getIndexData' | 'putIndexData' | 'locate'> | string;

/**
 * Built indexes are kept per video, keyed by a hash of what they were built from: the
 * transcript, the topics and glossary files, and the index format. Any change to one of them
 * rebuilds that video's index, and only that one.
 */
export function cacheKey(record: TranscriptRecord, vocabulary: Vocabulary): string {
  return createHash('sha256').update(`panelnotes-index-${INDEX_FORMAT_VERSION}\n`).update(vocabulary.fingerprint).update(JSON.stringify(record)).digest('hex');
}

export interface CachedIndex {
  data: VideoIndexData;
  /** `built` when it had to be (re)built, `cached` when the stored index data was current. */
  origin: 'built' | 'cached';
  /**
   * Why the index data kept was not used although it claimed to be current: damaged, not a
   * regular file, or inconsistent (see cacheSchema.ts). Never quotes the data. Index data that
   * is merely missing or out of date is rebuilt without one.
   */
  problem?: string;
  /** Where the index data is kept (the cache file in the SQLite engine). */
  path: string;
}

/**
 * The video's index from `store` when current and sound, else built and put there; a store
 * that cannot take it (a read-only disk, a database gone) costs the next start a rebuild,
 * nothing more. Whatever the store answers is checked (checkIndexData) before search trusts it:
 * a file on disk or a row in a shared database is input like any other.
 *
 * @example (await loadOrBuild(record, vocabulary, transcripts)).origin // 'cached' the second time
 */
export async function loadOrBuild(record: TranscriptRecord, vocabulary: Vocabulary, store: IndexData, rebuild = false): Promise<CachedIndex> {
  const kept = typeof store === 'string' ? new IndexCacheFolder(store) : store;
  const key = cacheKey(record, vocabulary);
  const path = locate(kept, record.videoId, 'index');
  let problem: string | undefined;
  if (!rebuild) {
    const found = await storedIndex(kept, record, vocabulary, key);
    if ('data' in found) return { data: found.data, origin: 'cached', path };
    problem = found.problem;
  }
  const data = buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, key);
  try {
    await kept.putIndexData(record.videoId, key, data);
  } catch {
    // A read-only or full disk, or a database out of reach: the next start rebuilds, nothing more.
  }
  return { data, origin: 'built', path, ...(problem ? { problem } : {}) };
}

/**
 * The stored index when it is current (same format and key) and passes checkIndexData.
 * `problem` is set only for data that should have been usable and was not.
 */
async function storedIndex(
  store: Exclude<IndexData, string>,
  record: TranscriptRecord,
  vocabulary: Vocabulary,
  key: string,
): Promise<{ data: VideoIndexData } | { problem?: string }> {
  let value: unknown;
  try {
    value = await store.getIndexData(record.videoId, key);
  } catch (error) {
    if (error instanceof StoredDataProblem) return { problem: error.problem };
    throw error;
  }
  if (value === undefined) return {};
  return checkIndexData(value, {
    videoId: record.videoId,
    segments: record.segments.length,
    topics: [...vocabulary.topics.topics.map((t) => t.id), vocabulary.topics.fallback.id],
  });
}

/** A video's index with its speaker turns applied to the segments first: from `store` where current, else built and put there. */
export function spokenIndex(
  record: TranscriptRecord,
  turns: readonly Turn[],
  vocabulary: Vocabulary,
  store: IndexData,
  rebuild?: boolean,
): Promise<CachedIndex> {
  const spoken = turns.length ? { ...record, segments: withSpeakers(record.segments, turns) } : record;
  return loadOrBuild(spoken, vocabulary, store, rebuild);
}
