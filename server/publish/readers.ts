import type { Catalog } from '../services/catalog.js';
import type { NotesService } from '../services/notes.js';
import type { Store } from '../store/types.js';
import type { LibraryProblem } from '../transcript/types.js';
import type { PublishReader } from './source.js';

/**
 * The two places a site is published from: a store (the CLI, with the app stopped or not: it is
 * only read) and a running app's services (its Publish action).
 */

/** A store's talks, notes and turns (the CLI: single-user files, read only, or the team database). */
export async function storeReader(store: Pick<Store, 'loadTranscripts' | 'listNotes' | 'listTurns'>): Promise<PublishReader & { problems: LibraryProblem[] }> {
  const { videos, problems } = await store.loadTranscripts();
  return {
    records: () => videos,
    notes: (videoId, tag) => store.listNotes(videoId, tag),
    turns: (videoId) => store.listTurns(videoId),
    problems,
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
