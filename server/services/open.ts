import { compileCues } from '../../index/cues.js';
import type { Vocabulary } from '../search/vocabulary.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
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
import type { Writer } from './writers.js';
import { SpeakersService } from './speakers.js';
import { catalogVideos, recordVideos } from './videos.js';
import { liveLibrary, type LiveLibrary, type LiveLog } from './live.js';

export interface Services {
  store: Store;
  catalog: Catalog;
  notes: NotesService;
  speakers: SpeakersService;
  jobs: Jobs;
  imports: Imports;
  /** Keeping up with other processes' changes, when asked for (the server). */
  live?: LiveLibrary;
  /** The fetch of the sample talks' real captions, which the server runs once serving. */
  startFetch: FetchOnStart;
  /** Closes the worker threads and the store. */
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
  /** Team mode (PANELNOTES_DATABASE_URL): everything in that PostgreSQL database (see store/open.ts). */
  databaseUrl?: string;
  /** A store opened already (tests of an engine); else one is opened from the options above. */
  store?: Store;
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
  const store =
    options.store ??
    (await openStore({
      dbFile: options.dbFile,
      libraryDir: options.libraryDir,
      cacheDir: options.cacheDir,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.live?.timing ? { timing: options.live.timing } : {}),
      ...(options.live?.log ? { log: options.live.log } : {}),
    }));
  let workers: Workers | undefined;
  try {
    workers = options.vocabularyDir === undefined ? undefined : startWorkers({ vocabularyDir: options.vocabularyDir });
    const annotations = NotesService.annotations(store);
    // The SQLite engine keeps transcripts, index data and notes in files that worker threads
    // read and write themselves; a team database's are read and written here, and only the
    // building of note chunks goes to the workers.
    const byFile = store.engine === 'sqlite';
    const indexWorkers = workers && {
      noteChunks: (chunks: NotePassage[][]) => (workers as Workers).noteChunks(chunks),
      ...(byFile
        ? {
            videoNotes: (videoId: string, known: Map<string, string>) => (workers as Workers).videoNotes(options.dbFile, videoId, known),
            indexVideo: (record: TranscriptRecord, turns: Turn[]) => (workers as Workers).indexVideo(record, turns, options.cacheDir),
          }
        : {}),
    };
    const importWorkers = workers &&
      byFile && {
        importCaptions: (task: Omit<ImportTask, 'libraryDir' | 'cacheDir'>) =>
          (workers as Workers).importCaptions({ ...task, libraryDir: options.libraryDir, cacheDir: options.cacheDir }),
      };
    const catalog = await Catalog.open(store, options.vocabulary, annotations, indexWorkers);
    const importer =
      workers && byFile
        ? (text: string, fileName: string, lengths: ReadonlyMap<string, number>, by?: Writer) =>
            (workers as Workers).importNotes(text, fileName, options.dbFile, lengths, by)
        : undefined;
    const notes = new NotesService(store, catalogVideos(catalog), catalog, importer);
    const speakers = new SpeakersService(store, catalogVideos(catalog), compileCues(options.vocabulary.topics), catalog);
    const imports = new Imports(store, { catalog, turns: annotations.turns, ...(importWorkers ? { workers: importWorkers } : {}) }, options.fetch);
    const jobs = new Jobs(imports, undefined, options.pace, store);
    // A team database claims the fetch and remembers the talks itself; the library folder is the SQLite engine's.
    const startFetch = new FetchOnStart(
      store.claim && store.everHeld
        ? { catalog, imports, claim: store.claim.bind(store, 'fetch-on-start'), everHeld: store.everHeld.bind(store) }
        : { catalog, imports, libraryDir: options.libraryDir },
    );
    const live = options.live && liveLibrary({ libraryDir: options.libraryDir, catalog, store, ...(options.live.log ? { log: options.live.log } : {}) });
    const close = async (): Promise<void> => {
      live?.stop();
      await live?.settled();
      await workers?.close();
      await store.close();
    };
    return { store, catalog, notes, speakers, jobs, imports, startFetch, close, ...(live ? { live } : {}) };
  } catch (error) {
    await workers?.close();
    await store.close();
    throw error;
  }
}

/**
 * Notes and speaker turns over a store without a search index, for the CLI: the store and the
 * library's records (which videos there are, how long), nothing more. Its next search sees what
 * changed, as it reads the store afresh. The caller closes the store.
 */
export async function openNotes(store: Store, vocabulary: Vocabulary): Promise<{ notes: NotesService; speakers: SpeakersService }> {
  const { videos } = await store.loadTranscripts();
  // Chapters of the one video exported need its turns; the CLI runs one command, so they are read once.
  const turns = await store.listTurns();
  const known = recordVideos(videos, vocabulary, (videoId) => turns.filter((t) => t.videoId === videoId));
  return { notes: new NotesService(store, known), speakers: new SpeakersService(store, known, compileCues(vocabulary.topics)) };
}
