import type { NoteChunkData } from '../../index/build.js';
import type { ChunkContent, NoteChunk } from '../../index/noteChunks.js';
import type { NotePassage } from '../../index/notePassages.js';
import type { SearchIndex } from '../../index/searchIndex.js';
import type { IndexWorkers } from './indexWorkers.js';

/** How long the request thread works at a stretch when swapping in many notes, before letting other requests in. */
const SLICE_MS = 10;

/** Note text indexed on the request thread at once: about 10 ms of work (see `npm run bench`). */
const INLINE_NOTE_CHARACTERS = 32_000;

/**
 * A video's notes into the search index without holding up other requests: big changes are built
 * on the worker threads where there are some, and swapped in a slice at a time. For the Catalog,
 * which queues them one at a time per video.
 */
export class NoteIndexing {
  constructor(
    private readonly index: SearchIndex,
    private readonly workers: IndexWorkers | undefined,
  ) {}

  /**
   * All of a video's notes afresh, as after an import of thousands: read, chunked and built on
   * a worker, then swapped in a chunk at a time between other requests (and at once for search).
   */
  async reload(videoId: string, videoNotes: NonNullable<IndexWorkers['videoNotes']>): Promise<void> {
    const shipped = await videoNotes(videoId, this.index.noteChunkSignatures(videoId));
    const chunks = new Map<string, NoteChunk>();
    let slice = performance.now();
    for (const { key, signature, json } of shipped) {
      const chunk = this.index.noteChunkFor(videoId, key, signature, json === undefined ? undefined : (JSON.parse(json) as ChunkContent));
      if (chunk) chunks.set(key, chunk);
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    this.index.swapNoteChunks(videoId, chunks);
  }

  /**
   * Sets a video's notes, building the chunks that changed on a worker thread where there is
   * one and they are big enough to be worth sending there: a chunk of short notes is indexed
   * in a few milliseconds, less than the trip to a worker and back.
   */
  async set(videoId: string, notes: NotePassage[]): Promise<void> {
    const changed = this.workers ? this.index.chunksToBuild(videoId, notes) : [];
    const characters = changed.reduce((sum, chunk) => sum + chunk.docs.reduce((n, doc) => n + doc.text.length, 0), 0);
    const pending = characters > INLINE_NOTE_CHARACTERS ? changed : [];
    const built = pending.length ? await (this.workers as IndexWorkers).noteChunks(pending.map((p) => p.docs)) : [];
    this.index.setNotes(videoId, notes, undefined, new Map(pending.map((p, i) => [p.signature, built[i] as NoteChunkData])));
  }
}
