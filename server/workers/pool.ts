import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Piscina } from 'piscina';
import type { NoteChunkData, VideoIndexData } from '../../index/build.js';
import type { ShippedChunk } from '../../index/noteChunks.js';
import type { NotePassage } from '../../index/notePassages.js';
import type { Turn } from '../../index/speakers.js';
import { PROJECT_ROOT } from '../config.js';
import { TooComplexError } from '../captions/limits.js';
import { PanelnotesError } from '../errors.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { Imported, ImportTask, Outcome } from './tasks.js';

/** Worker threads run compiled JavaScript: the server from dist/ and the tests (ts-jest) alike. */
const TASKS = resolve(PROJECT_ROOT, 'dist', 'server', 'workers', 'tasks.js');

/** Longer than any accepted file needs (a 20 MB import takes a few seconds): past it, the input is too complex. */
const TASK_TIMEOUT_MS = 60_000;
/** Tasks waiting for a thread; beyond it the server says it is busy rather than queueing without end. */
const MAX_QUEUE = 64;
/** Heap of one worker: a hostile file that needs more ends its worker, not the server. */
const WORKER_HEAP_MB = 2048;

/**
 * The server's worker threads (piscina): whatever costs more than a few milliseconds of CPU
 * runs here, so no request waits behind another's import. The only importer of piscina.
 */
export interface Workers {
  importCaptions(task: ImportTask): Promise<Imported>;
  indexVideo(record: TranscriptRecord, turns: Turn[], cacheDir: string, rebuild?: boolean): Promise<VideoIndexData>;
  noteChunks(chunks: NotePassage[][]): Promise<NoteChunkData[]>;
  /** A video's notes read from `dbFile` and chunked; only chunks not in `known` (key -> signature) are built. */
  videoNotes(dbFile: string, videoId: string, known: Map<string, string>): Promise<ShippedChunk[]>;
  importNotes(
    text: string,
    fileName: string,
    dbFile: string,
    lengths: ReadonlyMap<string, number>,
    /** Who imports, in team mode (notes/import.ts importedBy). */
    by?: { name: string; admin?: boolean },
  ): Promise<{ added: number; skipped: number; videoIds: string[] }>;
  close(): Promise<void>;
}

export function startWorkers(options: { vocabularyDir: string; threads?: number; taskTimeoutMs?: number }): Workers {
  const timeoutMs = options.taskTimeoutMs ?? TASK_TIMEOUT_MS;
  if (!existsSync(TASKS)) throw new PanelnotesError('INTERNAL', `the compiled worker ${TASKS} is missing`, 'run npm run build first');
  const pool = new Piscina({
    filename: TASKS,
    workerData: { vocabularyDir: options.vocabularyDir },
    minThreads: 0,
    maxThreads: options.threads ?? Math.max(1, Math.min(2, availableParallelism())),
    idleTimeout: 30_000,
    // Tasks await file I/O; a worker blocked in Atomics.wait between tasks would gain nothing.
    atomics: 'disabled',
    maxQueue: MAX_QUEUE,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });

  /** `what` names the input in messages; `kind` says what it is ("caption file": CAPTIONS_TOO_COMPLEX, as the caps say it). */
  async function run<T>(name: string, task: unknown, what: string, transferList?: ArrayBuffer[], kind?: 'caption file'): Promise<T> {
    let result: Outcome<T>;
    try {
      result = (await pool.run(task, { name, signal: AbortSignal.timeout(timeoutMs), ...(transferList ? { transferList } : {}) })) as Outcome<T>;
    } catch (error) {
      throw failure(error, what, timeoutMs, kind);
    }
    if (result.ok) return result.value;
    throw new PanelnotesError(result.error.code, result.error.message, result.error.hint);
  }

  return {
    // The file's bytes move to the worker rather than being copied, where they own their memory.
    importCaptions: (task) =>
      run('importCaptions', task, task.fileName, ownsBuffer(task.bytes) ? [task.bytes.buffer as ArrayBuffer] : undefined, 'caption file'),
    indexVideo: (record, turns, cacheDir, rebuild) => run('indexVideo', { record, turns, cacheDir, rebuild }, `the index of ${record.videoId}`),
    noteChunks: (chunks) => run('noteChunks', chunks, 'the notes index'),
    videoNotes: (dbFile, videoId, known) => run('videoNotes', { dbFile, videoId, known }, `the notes index of ${videoId}`),
    importNotes: (text, fileName, dbFile, lengths, by) => run('importNotes', { text, fileName, dbFile, lengths, ...(by ? { by } : {}) }, fileName),
    close: () => pool.destroy(),
  };
}

function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

/** A task that did not finish: too long, too big for a worker's memory, or refused as the queue is full. */
function failure(error: unknown, what: string, timeoutMs: number, kind?: 'caption file'): PanelnotesError {
  const message = (error as Error).message ?? String(error);
  const tooComplex = (detail: string): PanelnotesError =>
    kind === 'caption file'
      ? new TooComplexError(detail, what)
      : new PanelnotesError('TOO_COMPLEX', `${what} is too complex: ${detail}`, undefined, { cause: error });
  if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError') return tooComplex(`it took more than ${timeoutMs / 1000} s`);
  if (/ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(`${(error as NodeJS.ErrnoException).code ?? ''} ${message}`))
    return tooComplex(`it needed more than ${WORKER_HEAP_MB} MB of memory`);
  if (/queue is at limit/i.test(message))
    return new PanelnotesError('DATABASE_BUSY', 'the server is busy with other imports; nothing was changed', 'try again in a moment', { cause: error });
  return new PanelnotesError('INTERNAL', `${what}: ${message}`, undefined, { cause: error });
}
