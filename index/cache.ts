import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../server/atomicWrite.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { buildVideoIndex, INDEX_FORMAT_VERSION, type VideoIndexData } from './build.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Built indexes are cached per video in `index/cache/<videoId>.json`, keyed by a hash of what
 * they were built from: the transcript, the topics and glossary files, and the index format.
 * Any change to one of them rebuilds that video's index, and only that one.
 */
export function cacheKey(record: TranscriptRecord, vocabulary: Vocabulary): string {
  return createHash('sha256')
    .update(`panelnotes-index-${INDEX_FORMAT_VERSION}\n`)
    .update(vocabulary.fingerprint)
    .update(JSON.stringify(record))
    .digest('hex');
}

export interface CachedIndex {
  data: VideoIndexData;
  /** `built` when it had to be (re)built, `cached` when the cache was current. */
  origin: 'built' | 'cached';
}

/** The video's index from the cache when current, else built and written to the cache. */
export async function loadOrBuild(record: TranscriptRecord, vocabulary: Vocabulary, cacheDir: string, rebuild = false): Promise<CachedIndex> {
  const key = cacheKey(record, vocabulary);
  const path = join(cacheDir, `${record.videoId}.json`);
  if (!rebuild) {
    const cached = await readCache(path);
    if (cached && cached.key === key && cached.format === INDEX_FORMAT_VERSION && cached.videoId === record.videoId) return { data: cached, origin: 'cached' };
  }
  const data = buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, key);
  try {
    await writeFileAtomic(path, JSON.stringify(data));
  } catch {
    // A read-only or full disk costs the next start a rebuild, nothing more.
  }
  return { data, origin: 'built' };
}

async function readCache(path: string): Promise<VideoIndexData | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as VideoIndexData;
  } catch {
    return undefined; // missing or damaged: rebuilt
  }
}
