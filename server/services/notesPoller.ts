import type { ChangeStamps } from '../notes/changeStamps.js';
import type { Change, ChangeSource } from './changes.js';

/** How often the notes database is asked whether another process wrote to it. */
const POLL_MS = 250;

/**
 * The notes database as a change source: notes and speakers written by another process (the
 * CLI, a worker thread, a second server on the same file). Every quarter second it reads
 * SQLite's `PRAGMA data_version`, which moves only when another connection committed (a
 * read of the shared memory, no disk); when it moved, the small table of per-video change
 * stamps (kept by triggers, see notes/storeFile.ts) says which videos' notes or speakers
 * changed, and each is one change. The server's own writes do not move `data_version`; they
 * show in the stamps read next time, as changes the catalog finds it already has.
 *
 * @example pollNotes(store.changes).start((change) => console.log(change)) // { kind: 'notes', videoId: 'S6Sjj6OtyvY' }
 */
export function pollNotes(store: Pick<ChangeStamps, 'dataVersion' | 'list'>, options: { intervalMs?: number } = {}): ChangeSource {
  let timer: NodeJS.Timeout | undefined;
  let version = -1;
  let stamps = new Map<string, number>();

  function read(): Map<string, number> {
    return new Map(store.list().map((s) => [`${s.kind}\t${s.videoId}`, s.version]));
  }

  return {
    name: 'notes database',
    start(emit) {
      version = store.dataVersion();
      stamps = read();
      timer = setInterval(() => {
        let now: number;
        let next: Map<string, number>;
        try {
          now = store.dataVersion();
          if (now === version) return;
          next = read();
        } catch {
          return; // closed, or busy a moment: asked again next time
        }
        version = now;
        const before = stamps;
        stamps = next;
        for (const [key, stamp] of next) {
          if (before.get(key) === stamp) continue;
          const [kind, videoId] = key.split('\t') as [Change['kind'], string];
          emit({ kind, videoId });
        }
      }, options.intervalMs ?? POLL_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
