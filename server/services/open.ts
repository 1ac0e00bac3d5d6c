import type { Vocabulary } from '../../index/vocabulary.js';
import { fetchIntoLibrary } from '../ingest.js';
import { NotesStore } from '../notes/store.js';
import type { FetchOptions } from '../youtube/types.js';
import { Catalog } from './catalog.js';
import { Jobs } from './jobs.js';
import { NotesService } from './notes.js';

export interface Services {
  store: NotesStore;
  catalog: Catalog;
  notes: NotesService;
  jobs: Jobs;
}

/** Opens everything the web app works with: notes database, library and indexes, fetch jobs. */
export async function openServices(options: {
  libraryDir: string;
  cacheDir: string;
  vocabulary: Vocabulary;
  dbFile: string;
  fetch?: FetchOptions;
  /** For commands that only read: the notes database is neither created nor written (see NotesStore.open). */
  readOnly?: boolean;
}): Promise<Services> {
  const store = NotesStore.open(options.dbFile, { readOnly: options.readOnly === true });
  try {
    const catalog = await Catalog.open(options.libraryDir, options.cacheDir, options.vocabulary, NotesService.annotations(store));
    const jobs = new Jobs(async (videoId, indexing) => {
      const { record } = await fetchIntoLibrary(options.libraryDir, videoId, options.fetch);
      indexing();
      await catalog.add(record);
    });
    return { store, catalog, notes: new NotesService(store, catalog), jobs };
  } catch (error) {
    store.close();
    throw error;
  }
}
