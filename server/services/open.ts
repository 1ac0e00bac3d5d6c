import { compileCues } from '../../index/cues.js';
import type { Vocabulary } from '../search/vocabulary.js';
import { NotesStore } from '../notes/store.js';
import { FolderTranscripts } from '../store/sqlite/folderTranscripts.js';
import type { TranscriptsRepository } from '../store/types.js';
import { startWorkers, type Workers } from '../workers/pool.js';
import type { FetchOptions } from '../youtube/types.js';
import type { NotePassage } from '../../index/notePassages.js';
import type { Turn } from '../../index/speakers.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { ImportTask } from '../workers/tasks.js';
import { Catalog } from './catalog.js';
import { FetchOnStart } from './fetchOnStart.js';
import { Imports } from './imports.js';
import { Jobs } from './jobs.js';
import { NotesService } from './notes.js';
import { SpeakersService } from './speakers.js';
import { catalogVideos, recordVideos } from './videos.js';
import { liveLibrary, type LiveLibrary, type LiveLog } from './live.js';

export interface Services {
  store: NotesStore;
  catalog: Catalog;
  notes: NotesService;
  speakers: SpeakersService;
  jobs: Jobs;
  imports: Imports;
  /** Keeping up with other processes' changes, when asked for (the server). */
  live?: LiveLibrary;
  /** The fetch of the sample talks' real captions, which the server runs once serving. */
  startFetch: FetchOnStart;
  /** Closes the worker threads and the notes database. */
  close(): Promise<void>;
}

/**
 * Opens everything the web app works with: notes database, library and indexes, fetch jobs.
 * With `vocabularyDir` (a server), imports and index builds run on worker threads; without it
 * (tests and tools that make an app) on this thread.
 */
export async function openServices(options: {
  libraryDir: string;
  cacheDir: string;
  vocabulary: Vocabulary;
  dbFile: string;
  fetch?: FetchOptions;
  /** How a list of talks is paced (2 s between talks, longer after a 429); tests pass a `sleep` that does not wait. */
  pace?: ConstructorParameters<typeof Jobs>[2];
  /** Where the worker threads read the vocabulary; no workers without it. */
  vocabularyDir?: string;
  /**
   * Keep up with what other processes change in the library folder and the notes database
   * (see live.ts): the server does; tests and tools that make an app need not.
   */
  live?: { log?: LiveLog; timing?: { debounceMs?: number; scanMs?: number; pollMs?: number } };
}): Promise<Services> {
  const store = NotesStore.open(options.dbFile);
  let workers: Workers | undefined;
  try {
    workers = options.vocabularyDir === undefined ? undefined : startWorkers({ vocabularyDir: options.vocabularyDir });
    const annotations = NotesService.annotations(store);
    const transcripts = openLibrary(options);
    // The SQLite engine's index data is the cache folder, which worker threads read and write
    // themselves; a repository that is not files leaves `indexVideo` and `importCaptions` out.
    const indexWorkers = workers && {
      indexVideo: (record: TranscriptRecord, turns: Turn[]) => (workers as Workers).indexVideo(record, turns, options.cacheDir),
      noteChunks: (chunks: NotePassage[][]) => (workers as Workers).noteChunks(chunks),
      videoNotes: (videoId: string, known: Map<string, string>) => (workers as Workers).videoNotes(options.dbFile, videoId, known),
    };
    const importWorkers = workers && {
      importCaptions: (task: Omit<ImportTask, 'libraryDir' | 'cacheDir'>) =>
        (workers as Workers).importCaptions({ ...task, libraryDir: options.libraryDir, cacheDir: options.cacheDir }),
    };
    const catalog = await Catalog.open(transcripts, options.vocabulary, annotations, indexWorkers);
    const importer = workers
      ? (text: string, fileName: string, lengths: ReadonlyMap<string, number>) => (workers as Workers).importNotes(text, fileName, options.dbFile, lengths)
      : undefined;
    const notes = new NotesService(store, catalogVideos(catalog), catalog, importer);
    const speakers = new SpeakersService(store, catalogVideos(catalog), compileCues(options.vocabulary.topics), catalog);
    const imports = new Imports(transcripts, { catalog, turns: annotations.turns, ...(importWorkers ? { workers: importWorkers } : {}) }, options.fetch);
    const jobs = new Jobs(imports, undefined, options.pace);
    const startFetch = new FetchOnStart({ catalog, imports, libraryDir: options.libraryDir });
    const live = options.live && liveLibrary({ libraryDir: options.libraryDir, catalog, store, ...options.live });
    const close = async (): Promise<void> => {
      live?.stop();
      await live?.settled();
      await workers?.close();
      store.close();
    };
    return { store, catalog, notes, speakers, jobs, imports, startFetch, close, ...(live ? { live } : {}) };
  } catch (error) {
    await workers?.close();
    store.close();
    throw error;
  }
}

/**
 * Notes and speaker turns without a search index, for the CLI: the notes database and the
 * library's records (which videos there are, how long), nothing more. Its next search sees
 * what changed, as it reads the database afresh.
 */
export async function openNotes(options: {
  libraryDir: string;
  cacheDir: string;
  vocabulary: Vocabulary;
  dbFile: string;
  /** For commands that only read: the notes database is neither created nor written (see NotesStore.open). */
  readOnly?: boolean;
}): Promise<{ notes: NotesService; speakers: SpeakersService; close(): void }> {
  const store = NotesStore.open(options.dbFile, { readOnly: options.readOnly === true });
  try {
    const { videos } = await openLibrary(options).loadTranscripts();
    const known = recordVideos(videos, options.vocabulary, (videoId) => store.listTurns(videoId));
    const notes = new NotesService(store, known);
    return { notes, speakers: new SpeakersService(store, known, compileCues(options.vocabulary.topics)), close: () => store.close() };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The library's transcripts and their index data, for the commands that read or write them
 * without opening the rest: the library folder and the index cache (the SQLite engine).
 *
 * @example const { videos, problems } = await openLibrary(config).loadTranscripts()
 */
export function openLibrary(options: { libraryDir: string; cacheDir: string }): TranscriptsRepository {
  return new FolderTranscripts(options.libraryDir, options.cacheDir);
}
