/**
 * The change feed: one stream of "this changed" events about the library, whatever their
 * source. Today two sources feed it: the library folder's watcher (transcripts added, replaced
 * or removed by any process, libraryWatcher.ts) and the notes database's poller (notes and
 * speakers written by another process, notesPoller.ts). Team mode plugs in a third (its
 * database's LISTEN/NOTIFY) by implementing ChangeSource; nothing downstream changes.
 *
 * Events only name what changed; the consumer (live.ts) reads the new state itself, so an
 * event said twice, or for something the server changed itself, costs a look and nothing more.
 */

/** Something about one talk changed: its transcript file, its notes, or who speaks when. */
export interface Change {
  kind: 'transcript' | 'notes' | 'speakers';
  videoId: string;
}

/** Where changes come from. `start` begins emitting; `stop` ends it and lets the process exit. */
export interface ChangeSource {
  /** For messages: `library folder`, `notes database`. */
  readonly name: string;
  start(emit: (change: Change) => void): void;
  stop(): void;
}

export type ChangeListener = (change: Change) => void;

/**
 * Fans the sources' events in to the listeners.
 *
 * @example const feed = new ChangeFeed([watchLibrary(dir), pollNotes(store)]); feed.subscribe(console.log); feed.start();
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private started = false;

  constructor(private readonly sources: readonly ChangeSource[]) {}

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const source of this.sources) source.start((change) => this.emit(change));
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    for (const source of this.sources) source.stop();
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}
