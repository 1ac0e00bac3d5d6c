import { loadLibrary } from '../server/library.js';
import type { LibraryProblem, TranscriptRecord } from '../server/transcript/types.js';
import { loadOrBuild } from './cache.js';
import { SearchIndex } from './searchIndex.js';
import type { Vocabulary } from './vocabulary.js';
import type { Note } from '../server/notes/types.js';
import { toNotePassages } from './notePassages.js';
import { withSpeakers, type Turn } from './speakers.js';

export interface LoadedSearch {
  index: SearchIndex;
  records: TranscriptRecord[];
  problems: LibraryProblem[];
  built: number;
  cached: number;
}

/** What people added to the videos: speaker turns (they shape passages) and notes (searched too). */
export interface Annotations {
  turns(videoId: string): Turn[];
  notes(videoId: string): Note[];
}

export interface LoadOptions {
  rebuild?: boolean;
  annotations?: Annotations;
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
    const origin = await indexVideo(index, record, vocabulary, cacheDir, options);
    if (origin === 'built') built++;
    else cached++;
    options.onVideo?.(i + 1, videos.length, record.videoId);
  }
  return { index, records: videos, problems, built, cached };
}

/**
 * (Re)indexes one video: its speaker turns applied to the segments first, so the cache key
 * (a hash of the record) changes with them, then its notes. Returns where the index came from.
 */
export async function indexVideo(
  index: SearchIndex,
  record: TranscriptRecord,
  vocabulary: Vocabulary,
  cacheDir: string,
  options: Pick<LoadOptions, 'rebuild' | 'annotations'> = {},
): Promise<'built' | 'cached'> {
  const turns = options.annotations?.turns(record.videoId) ?? [];
  const spoken = turns.length ? { ...record, segments: withSpeakers(record.segments, turns) } : record;
  const { data, origin } = await loadOrBuild(spoken, vocabulary, cacheDir, options.rebuild);
  index.add(record, data);
  const notes = options.annotations?.notes(record.videoId);
  if (notes) index.setNotes(record.videoId, toNotePassages(notes));
  return origin;
}
