import { toNotePassages } from '../../index/notePassages.js';
import { SearchIndex } from '../../index/searchIndex.js';
import type { Turn } from '../../index/speakers.js';
import { PanelnotesError } from '../errors.js';
import type { Note } from '../notes/types.js';
import type { LibraryProblem, TranscriptRecord } from '../transcript/types.js';
import type { TranscriptsRepository } from '../store/types.js';
import { spokenIndex, type CachedIndex, type IndexData } from './cache.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * The library made searchable: its transcripts read from their repository, each video's index
 * taken from the repository's prebuilt index data or built (and put there), speaker turns and
 * notes applied. The search core (index/)
 * reads no files; this is where the server hands it what it reads.
 */

export interface LoadedSearch {
  index: SearchIndex;
  records: TranscriptRecord[];
  /** Transcripts skipped, and index data found unsound (rebuilt): where and why, each. */
  problems: LibraryProblem[];
  built: number;
  cached: number;
}

/** What people added to the videos: speaker turns (they shape passages) and notes (searched too). */
export interface Annotations {
  turns: (videoId: string) => Promise<Turn[]>;
  notes: (videoId: string) => Promise<Note[]>;
}

export interface LoadOptions {
  rebuild?: boolean;
  annotations?: Annotations;
  /** Called after each video, for progress bars. */
  onVideo?: (done: number, total: number, videoId: string) => void;
}

/**
 * Loads the library and its indexes (the prebuilt index data where current), ready to search.
 * In team mode this is what keeps start-up fast: each talk's index was built once, by whoever
 * imported it, and every instance loads it rather than rebuilding it.
 *
 * @example const { index, problems } = await loadSearch(new FolderTranscripts(libraryDir, cacheDir), loadVocabulary())
 */
export async function loadSearch(transcripts: TranscriptsRepository, vocabulary: Vocabulary, options: LoadOptions = {}): Promise<LoadedSearch> {
  const { videos, problems } = await transcripts.loadTranscripts();
  const index = newSearchIndex(vocabulary);
  let built = 0;
  let cached = 0;
  for (const [i, record] of videos.entries()) {
    const { origin, problem, path } = await indexVideo(index, record, vocabulary, transcripts, options);
    // Index data that claimed to be current and was not: said once, and already rebuilt.
    if (problem) problems.push({ path, problem: `${problem}; the index was rebuilt from the transcript` });
    if (origin === 'built') built++;
    else cached++;
    options.onVideo?.(i + 1, videos.length, record.videoId);
  }
  return { index, records: videos, problems, built, cached };
}

/**
 * (Re)indexes one video: its speaker turns applied to the segments first, so the cache key
 * (a hash of the record) changes with them, then its notes. Returns where the index came from,
 * and why the stored index data was not used when it should have been.
 */
export async function indexVideo(
  index: SearchIndex,
  record: TranscriptRecord,
  vocabulary: Vocabulary,
  store: IndexData,
  options: Pick<LoadOptions, 'rebuild' | 'annotations'> = {},
): Promise<Omit<CachedIndex, 'data'>> {
  const { data, ...outcome } = await spokenIndex(record, (await options.annotations?.turns(record.videoId)) ?? [], vocabulary, store, options.rebuild);
  index.add(record, data);
  const notes = await options.annotations?.notes(record.videoId);
  if (notes) index.setNotes(record.videoId, toNotePassages(notes));
  return outcome;
}

/** An empty index whose refusals are PanelnotesErrors, as the CLI and the routes report them. */
export function newSearchIndex(vocabulary: Pick<Vocabulary, 'topics' | 'glossary'>): SearchIndex {
  return new SearchIndex(vocabulary.topics, vocabulary.glossary, { error: (code, message, hint) => new PanelnotesError(code, message, hint) });
}
