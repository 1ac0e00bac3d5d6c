import { copyFile, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_DIR } from '../server/config.js';
import { NotesStore } from '../server/notes/store.js';
import { ChangeFeed, type Change, type ChangeSource } from '../server/services/changes.js';
import { watchLibrary } from '../server/services/libraryWatcher.js';
import { pollNotes } from '../server/services/notesPoller.js';

/**
 * The change feed's sources, each on its own: the library folder (files added, replaced,
 * removed; nothing else) and the notes database (another connection's writes). Events are
 * waited for, never timed.
 */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'panelnotes-changes-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Collects a source's events; `next(n)` resolves once n more have come. */
function collect(source: ChangeSource): { events: Change[]; next: (n?: number) => Promise<Change[]>; stop: () => void } {
  const events: Change[] = [];
  let waiting: { count: number; done: (changes: Change[]) => void } | undefined;
  const feed = new ChangeFeed([source]);
  feed.subscribe((change) => {
    events.push(change);
    if (waiting && events.length >= waiting.count) waiting.done(events.slice());
  });
  feed.start();
  return {
    events,
    next: (n = 1) =>
      new Promise((done) => {
        waiting = { count: events.length + n, done };
      }),
    stop: () => feed.stop(),
  };
}

it('the library folder: a transcript added, replaced and removed is one change each; temporary files and other names are not', async () => {
  const source = collect(watchLibrary([dir], { debounceMs: 20, scanMs: 200 }));
  await new Promise((done) => setTimeout(done, 50)); // the first look, which reports nothing
  const file = join(dir, 'S6Sjj6OtyvY.json');
  let seen = source.next();
  await writeFile(join(dir, '.S6Sjj6OtyvY.json.tmp-1'), 'partial');
  await writeFile(join(dir, 'notes.txt'), 'not a transcript');
  await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(dir, '.S6Sjj6OtyvY.json.tmp-2'));
  await rename(join(dir, '.S6Sjj6OtyvY.json.tmp-2'), file); // an atomic write, as panelnotes makes them
  expect(await seen).toEqual([{ kind: 'transcript', videoId: 'S6Sjj6OtyvY' }]);
  seen = source.next();
  await writeFile(file, '{}');
  expect((await seen).at(-1)).toEqual({ kind: 'transcript', videoId: 'S6Sjj6OtyvY' });
  seen = source.next();
  await unlink(file);
  expect((await seen).at(-1)).toEqual({ kind: 'transcript', videoId: 'S6Sjj6OtyvY' });
  source.stop();
  expect(source.events.every((e) => e.videoId === 'S6Sjj6OtyvY')).toBe(true);
});

it('a library folder made after the start is watched once it is there', async () => {
  const library = join(dir, 'later');
  const source = collect(watchLibrary([library], { debounceMs: 20, scanMs: 50 }));
  const seen = source.next();
  const { mkdir } = await import('node:fs/promises');
  await mkdir(library);
  await writeFile(join(library, 'local-0123456789abcdef.json'), '{}');
  expect(await seen).toEqual([{ kind: 'transcript', videoId: 'local-0123456789abcdef' }]);
  source.stop();
});

it("the notes database: another connection's notes and speakers are changes of their video; the poller's own connection's are not news", async () => {
  const file = join(dir, 'notes.db');
  const server = NotesStore.open(file);
  const source = collect(pollNotes(server.changes, { intervalMs: 20 }));
  const other = NotesStore.open(file);
  let seen = source.next();
  const note = other.addNote({ videoId: 'S6Sjj6OtyvY', start: 5, text: 'from the CLI' });
  expect(await seen).toEqual([{ kind: 'notes', videoId: 'S6Sjj6OtyvY' }]);
  seen = source.next();
  other.addTurn('dQw4w9WgXcQ', 0, 10, 'Ann');
  expect((await seen).at(-1)).toEqual({ kind: 'speakers', videoId: 'dQw4w9WgXcQ' });
  seen = source.next();
  other.deleteNote(note.id);
  expect((await seen).at(-1)).toEqual({ kind: 'notes', videoId: 'S6Sjj6OtyvY' });
  const count = source.events.length;
  server.addNote({ videoId: 'S6Sjj6OtyvY', start: 6, text: 'the server itself' });
  await new Promise((done) => setTimeout(done, 100));
  expect(source.events).toHaveLength(count);
  source.stop();
  other.close();
  server.close();
});

describe('the live library in one process', () => {
  it("the server's own import, seen again by the watcher, is applied once; another process's copy of a file is picked up", async () => {
    const { openServices } = await import('../server/services/open.js');
    const { loadVocabulary } = await import('../server/search/vocabulary.js');
    const lines: string[] = [];
    const services = await openServices({
      libraryDir: dir,
      cacheDir: join(dir, '.index'),
      vocabulary: loadVocabulary(),
      dbFile: join(dir, 'notes.db'),
      live: { log: (line) => lines.push(line), timing: { debounceMs: 10, scanMs: 50, pollMs: 20 } },
    });
    try {
      const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nThe tapir session begins.\n';
      const { record } = await services.imports.file(Buffer.from(vtt), 'talk.vtt', 'dQw4w9WgXcQ');
      const version = services.catalog.versionOf('dQw4w9WgXcQ');
      await new Promise((done) => setTimeout(done, 300)); // several looks of the folder
      await services.live?.settled();
      expect(services.catalog.versionOf('dQw4w9WgXcQ')).toBe(version);
      expect(lines).toEqual([]);

      // Another process copies a transcript in: picked up, and said so.
      await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(dir, 'S6Sjj6OtyvY.json'));
      while (!services.catalog.has('S6Sjj6OtyvY')) await new Promise((done) => setTimeout(done, 20));
      await services.live?.settled();
      expect(lines).toEqual(['panelnotes: S6Sjj6OtyvY added']);
      expect(services.catalog.search('tapir').results[0]?.videoId).toBe(record.videoId);
    } finally {
      await services.close();
    }
  });
});
