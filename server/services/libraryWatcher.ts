import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isTalkId } from '../videoId.js';
import type { Change, ChangeSource } from './changes.js';

/** Events of one burst (an editor's save, an atomic rename) are read as one change after this quiet. */
const DEBOUNCE_MS = 100;
/**
 * The fallback: the folders are looked over this often whatever the watcher says, for file
 * systems where it says nothing (network shares, some containers). A look is one `readdir` and
 * a `stat` per transcript.
 */
const SCAN_MS = 2000;

/**
 * The library folder as a change source: a transcript file (`<id>.json`) added, replaced or
 * removed by any process is a `transcript` change of that talk. Node's `fs.watch` (inotify,
 * FSEvents) says soon that something happened in the folder; the folder is then looked over and
 * what differs from the last look (a file's size, modification time or inode) is reported,
 * after a short quiet so a burst of events is one look. A periodic look catches what a watcher
 * misses. Only files named as talks are looked at: temporary files of atomic writes, the index
 * cache and anything else are not. `folders`: the library, then any folder read beneath it
 * (the shipped sample), which is looked over but not watched.
 *
 * @example watchLibrary(['transcripts/library']).start((change) => console.log(change))
 */
export function watchLibrary(folders: readonly string[], options: { debounceMs?: number; scanMs?: number } = {}): ChangeSource {
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  const scanMs = options.scanMs ?? SCAN_MS;
  const [watched] = folders;
  let known: Map<string, string> | undefined;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let soon: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let emit: ((change: Change) => void) | undefined;

  /** Each talk's files as `path size mtime inode` lines: what a look compares. */
  async function look(): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    for (const folder of folders) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        continue; // a folder not there (yet) holds no talks
      }
      for (const name of names) {
        const videoId = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
        if (!isTalkId(videoId)) continue;
        try {
          const info = await stat(join(folder, name));
          seen.set(videoId, `${seen.get(videoId) ?? ''}${folder}\t${info.size}\t${info.mtimeMs}\t${info.ino}\n`);
        } catch {
          // gone between readdir and stat: the next look says so
        }
      }
    }
    return seen;
  }

  /** Looks, reports what differs from the last look; one look at a time, and one more if asked meanwhile. */
  function scan(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const seen = await look();
        const before = known;
        known = seen;
        if (before && emit) {
          for (const [videoId, files] of seen) if (before.get(videoId) !== files) emit({ kind: 'transcript', videoId });
          for (const videoId of before.keys()) if (!seen.has(videoId)) emit({ kind: 'transcript', videoId });
        }
        ensureWatcher();
      } while (again && emit);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (soon) clearTimeout(soon);
    soon = setTimeout(() => {
      soon = undefined;
      void scan();
    }, debounceMs);
    soon.unref();
  }

  /** Watches the library folder once it exists; a watcher that fails is dropped, and the periodic look goes on. */
  function ensureWatcher(): void {
    if (watcher || !emit || watched === undefined) return;
    try {
      watcher = watch(watched, { persistent: false }, schedule);
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined; // not there yet, or not watchable: the periodic look covers it
    }
  }

  return {
    name: 'library folder',
    start(listener) {
      emit = listener;
      void scan();
      timer = setInterval(() => void scan(), scanMs);
      timer.unref();
    },
    stop() {
      emit = undefined;
      if (timer) clearInterval(timer);
      if (soon) clearTimeout(soon);
      watcher?.close();
      watcher = undefined;
    },
  };
}
