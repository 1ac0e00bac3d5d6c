import { loadLibrary } from '../library.js';
import { NotesStore } from '../notes/store.js';
import type { Catalog } from '../services/catalog.js';
import type { NotesService } from '../services/notes.js';
import type { LibraryProblem } from '../transcript/types.js';
import type { PublishReader } from './source.js';

/**
 * The two places a site is published from: the files (the CLI, with the app stopped or not: the
 * notes database is only read) and a running app's services (its Publish action).
 */

/** The library folder and the notes database, read only. `close` closes the database. */
export async function filesReader(libraryDir: string, dbFile: string): Promise<PublishReader & { problems: LibraryProblem[]; close(): void }> {
  const { videos, problems } = await loadLibrary(libraryDir);
  const store = NotesStore.open(dbFile, { readOnly: true });
  return {
    records: () => videos,
    notes: (videoId, tag) => store.listNotes(videoId, tag),
    turns: (videoId) => store.listTurns(videoId),
    problems,
    close: () => store.close(),
  };
}

/** A running app's library and notes, as its pages show them. */
export function appReader(catalog: Pick<Catalog, 'list'>, notes: Pick<NotesService, 'list' | 'turns'>): PublishReader {
  return {
    records: () => catalog.list().map((view) => view.record),
    notes: (videoId, tag) => notes.list(videoId, tag),
    turns: (videoId) => notes.turns(videoId),
  };
}
