import { loadLibrary } from '../server/library.js';
import type { LibraryProblem, TranscriptRecord } from '../server/transcript/types.js';
import { loadOrBuild } from './cache.js';
import { SearchIndex } from './searchIndex.js';
import type { Vocabulary } from './vocabulary.js';

export interface LoadedSearch {
  index: SearchIndex;
  records: TranscriptRecord[];
  problems: LibraryProblem[];
  built: number;
  cached: number;
}

export interface LoadOptions {
  rebuild?: boolean;
  /** Called after each video, for progress bars. */
  onVideo?: (done: number, total: number, videoId: string) => void;
}

/** Loads the library and its indexes (from the cache where current), ready to search. */
export async function loadSearch(libraryDir: string, cacheDir: string, vocabulary: Vocabulary, options: LoadOptions = {}): Promise<LoadedSearch> {
  const { videos, problems } = await loadLibrary(libraryDir);
  const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
  let built = 0;
  let cached = 0;
  for (const [i, record] of videos.entries()) {
    const { data, origin } = await loadOrBuild(record, vocabulary, cacheDir, options.rebuild);
    if (origin === 'built') built++;
    else cached++;
    index.add(record, data);
    options.onVideo?.(i + 1, videos.length, record.videoId);
  }
  return { index, records: videos, problems, built, cached };
}
