import type { Store } from '../store/types.js';
import type { Catalog } from './catalog.js';
import { ChangeFeed, type Change, type ChangeSource } from './changes.js';

/**
 * The live library: a running server keeps up, within a second and without a restart, with
 * what any process changes in its library folder or notes database. The change feed's events
 * (changes.ts) go to the catalog, which re-reads and re-indexes only the talk each names, on
 * that talk's own queue (one change at a time per talk). An event for something the catalog
 * has already (the server's own write, seen again from outside) is found to be so and costs a
 * look. The store says what changed (its `changes`: the SQLite engine's folder watcher and
 * database poller, or a team database's LISTEN/NOTIFY).
 */
export interface LiveLibrary {
  feed: ChangeFeed;
  /** Resolves when every change seen so far has been applied (for tests and a clean stop). */
  settled(): Promise<void>;
  stop(): void;
}

/** What happened to a talk, as the server's log says it. */
export type LiveLog = (line: string) => void;

export function liveLibrary(options: {
  libraryDir: string;
  catalog: Catalog;
  store: Pick<Store, 'changes'>;
  /** More sources besides the store's. */
  sources?: ChangeSource[];
  log?: LiveLog;
}): LiveLibrary {
  const { catalog, log = () => undefined } = options;
  const feed = new ChangeFeed([options.store.changes, ...(options.sources ?? [])]);
  // A change waiting to be applied is not queued twice: the one applied reads the latest state.
  const waiting = new Set<string>();
  let pending: Promise<unknown> = Promise.resolve();

  const apply = async (change: Change): Promise<void> => {
    const { kind, videoId } = change;
    if (kind === 'transcript') {
      const outcome = await catalog.reloadTranscript(videoId);
      const path = catalog.locate(videoId);
      if (outcome === 'problem') log(`panelnotes: skipped ${path}: ${catalog.problems.find((p) => p.path === path)?.problem ?? 'unreadable'}`);
      else if (outcome !== 'unchanged') log(`panelnotes: ${videoId} ${outcome}`);
    } else if (kind === 'notes') await catalog.refreshNotes(videoId);
    else await catalog.refreshSpeakers(videoId);
  };

  feed.subscribe((change) => {
    const key = `${change.kind}\t${change.videoId}`;
    if (waiting.has(key)) return;
    waiting.add(key);
    const done = Promise.resolve()
      .then(() => {
        waiting.delete(key);
        return apply(change);
      })
      .catch((error: unknown) => log(`panelnotes: could not apply a change to ${change.videoId}: ${(error as Error).message}`));
    pending = Promise.all([pending, done]);
  });
  feed.start();

  return {
    feed,
    settled: async () => {
      let seen: Promise<unknown>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
    stop: () => feed.stop(),
  };
}
