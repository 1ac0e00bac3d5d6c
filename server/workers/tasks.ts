import { workerData } from 'node:worker_threads';
import { buildNoteChunk, type NoteChunkData } from '../../index/build.js';
import type { VideoIndexData } from '../../index/build.js';
import type { ShippedChunk } from '../../index/noteChunks.js';
import type { NotePassage } from '../../index/notePassages.js';
import type { Turn } from '../../index/speakers.js';
import { isPanelnotesError, type ErrorCode } from '../errors.js';
import { importBytes, type Ingested } from '../ingest/intoLibrary.js';
import type { TalkOptions } from '../ingest/talk.js';
import type { FileOrigin } from '../ingest/record.js';
import { importedBy, parseNotesImport } from '../notes/import.js';
import { NotesStore } from '../notes/store.js';
import { checkImport } from '../notes/validate.js';
import { spokenIndex } from '../search/cache.js';
import { FolderTranscripts } from '../store/sqlite/folderTranscripts.js';
import { loadVocabulary } from '../search/vocabulary.js';
import { shipNoteChunks } from './noteChunks.js';
import type { TranscriptRecord } from '../transcript/types.js';

/**
 * The work that must not run on the server's request thread: parsing caption files, building
 * a video's index, building chunks of the notes index, reading a notes import. Each function
 * runs on a worker thread of `pool.ts` (compiled JavaScript from dist/) and answers an
 * `Outcome`: a PanelnotesError crosses the thread boundary as its code, message and hint,
 * since a thrown error arrives on the other side without them.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string; hint?: string } };

const { vocabularyDir } = workerData as { vocabularyDir: string };
const vocabulary = loadVocabulary(vocabularyDir);

async function outcome<T>(work: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!isPanelnotesError(error)) throw error; // a bug: piscina rejects with it as it is
    return { ok: false, error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
  }
}

export interface ImportTask {
  libraryDir: string;
  cacheDir: string;
  bytes: Uint8Array;
  fileName: string;
  videoId: string;
  /** What the importer was told of the talk: title, language, and a local talk's URL. */
  talk: TalkOptions;
  /** How the file came in (an upload unless told) and what yt-dlp said of the video. */
  origin?: FileOrigin;
  turns: Turn[];
}

/** An import done but for the swap into the live index: what the service answers, and the index built. */
export interface Imported extends Ingested {
  data: VideoIndexData;
}

/** A caption file parsed, saved into the library and indexed: all of an import but the swap into the live index. */
export function importCaptions(task: ImportTask): Promise<Outcome<Imported>> {
  return outcome(async () => {
    // Worker threads keep to the SQLite engine's folders (a repository does not cross threads).
    const library = new FolderTranscripts(task.libraryDir, task.cacheDir);
    const { record, path, captions } = await importBytes(library, task.bytes, task.fileName, task.videoId, task.talk, task.origin);
    const { data } = await spokenIndex(record, task.turns, vocabulary, library);
    return {
      record,
      path,
      data,
      captions: { format: captions.format, skipped: captions.skipped, ...(captions.language ? { language: captions.language } : {}) },
    };
  });
}

/** A video's index, from the cache when current, else built (and cached). */
export function indexVideo(task: { record: TranscriptRecord; turns: Turn[]; cacheDir: string; rebuild?: boolean }): Promise<Outcome<VideoIndexData>> {
  return outcome(async () => (await spokenIndex(task.record, task.turns, vocabulary, task.cacheDir, task.rebuild)).data);
}

/** Shards and word lists of chunks of notes. */
export function noteChunks(chunks: NotePassage[][]): Promise<Outcome<NoteChunkData[]>> {
  return outcome(() => chunks.map((docs) => buildNoteChunk(docs, vocabulary.glossary)));
}

/**
 * A notes import read, checked and written in one transaction on this thread's own
 * connection (WAL lets the server's reads go on meanwhile). `lengths` are the library's videos and their lengths.
 */
export function importNotes(task: {
  text: string;
  fileName: string;
  dbFile: string;
  lengths: Map<string, number>;
  by?: { name: string; admin?: boolean };
}): Promise<Outcome<{ added: number; skipped: number; videoIds: string[] }>> {
  return outcome(() => {
    const backup = parseNotesImport(task.text, task.fileName);
    checkImport(backup.notes, task.lengths, task.fileName);
    const store = NotesStore.open(task.dbFile);
    try {
      const { added, skipped } = store.importNotes(importedBy(backup.notes, task.by));
      return { added: added.length, skipped, videoIds: [...new Set(added.map((n) => n.videoId))] };
    } finally {
      store.close();
    }
  });
}

/**
 * A video's notes as the index wants them: read from the database, cut into chunks, and each
 * chunk the index does not already hold (`known`: key -> signature) built and shipped as JSON.
 */
export function videoNotes(task: { dbFile: string; videoId: string; known: Map<string, string> }): Promise<Outcome<ShippedChunk[]>> {
  return outcome(() => {
    const store = NotesStore.open(task.dbFile, { readOnly: true });
    let notes;
    try {
      notes = store.listNotes(task.videoId);
    } finally {
      store.close();
    }
    return shipNoteChunks(notes, task.known, (chunks) => chunks.map((docs) => buildNoteChunk(docs, vocabulary.glossary)));
  });
}
