import { basename } from 'node:path';
import { existing, fetchIntoLibrary, importBytes, readCaptionFile, type Ingested } from '../ingest/intoLibrary.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { FileOrigin, TalkListing } from '../ingest/record.js';
import { parseVideoId } from '../videoId.js';
import type { Workers } from '../workers/pool.js';
import type { FetchOptions } from '../youtube/types.js';
import type { Catalog } from './catalog.js';

export type { Ingested } from '../ingest/intoLibrary.js';

/** The live search index a server keeps; the CLI has none (its next search loads the library afresh). */
export interface LiveIndex {
  catalog: Pick<Catalog, 'add'>;
  /** A video's speaker turns, which shape the passages an index is built from. */
  turns: (videoId: string) => { start: number; end: number; name: string }[];
  /** Where a server parses, saves and indexes caption files: its worker threads. */
  workers?: Pick<Workers, 'importCaptions'>;
}

/**
 * Every way a transcript comes in, in one order: get it (a fetch from YouTube, a caption file
 * uploaded or read from disk) and parse it, save it to the library, index it, and say so. A
 * step that fails stops the ones after it, so a file that cannot be parsed leaves the library
 * and the index as they were. Routes, fetch jobs and the CLI all come through here.
 *
 * In the server a caption file is parsed, saved and indexed on a worker thread, and only the
 * swap into the live index happens on the request thread. The CLI (no `live` index) saves
 * only: its next search indexes what changed.
 */
export class Imports {
  /** Read by tests that watch what goes to the worker threads. */
  private readonly workers: Pick<Workers, 'importCaptions'> | undefined;

  constructor(
    private readonly libraryDir: string,
    private readonly cacheDir: string,
    private readonly live?: LiveIndex,
    /** How YouTube is asked (its `fetch`, retries, time limit); a fetch's own options add to these. */
    private readonly fetchOptions: FetchOptions = {},
  ) {
    this.workers = live?.workers;
  }

  /**
   * Fetches a video's captions from YouTube (`input`: a URL or id), saves and indexes them.
   * `indexing` is told when the fetch and save are done and the index build begins.
   */
  async fetch(input: string, options: { lang?: string; indexing?: () => void; listing?: TalkListing; retries?: number } = {}): Promise<Ingested> {
    const { indexing, listing, ...asked } = options;
    const { record, path } = await fetchIntoLibrary(this.libraryDir, input, { ...this.fetchOptions, ...asked }, listing);
    indexing?.();
    await this.live?.catalog.add(record);
    return { record, path };
  }

  /** Imports caption bytes (an upload, unless `origin` says otherwise) as the transcript of `video` (an id or URL). */
  async file(bytes: Uint8Array, fileName: string, video: string, title?: string, origin?: FileOrigin): Promise<Ingested> {
    const videoId = parseVideoId(video);
    if (this.live && this.workers) {
      const { data, ...imported } = await this.workers.importCaptions({
        libraryDir: this.libraryDir,
        cacheDir: this.cacheDir,
        bytes,
        fileName,
        videoId,
        ...(title ? { title } : {}),
        ...(origin ? { origin } : {}),
        turns: this.live.turns(videoId),
      });
      await this.live.catalog.add(imported.record, data);
      return imported;
    }
    const { record, path, captions } = await importBytes(this.libraryDir, bytes, fileName, videoId, title, origin);
    await this.live?.catalog.add(record);
    return { record, path, captions: { format: captions.format, skipped: captions.skipped, ...(captions.language ? { language: captions.language } : {}) } };
  }

  /**
   * The library's own transcript of a video (a fetch or an import), if it has one: the shipped
   * sample is not one, it is there to be replaced. What a batch skips unless told to refresh.
   */
  async existing(videoId: string): Promise<TranscriptRecord | undefined> {
    const record = await existing(this.libraryDir, videoId);
    return record?.source === 'sample' ? undefined : record;
  }

  /** Imports the caption file at `path` (the CLI's `import`): the video is checked before the file is read. */
  async path(path: string, video: string, title?: string, origin: FileOrigin = { provenance: { via: 'file' } }): Promise<Ingested> {
    const videoId = parseVideoId(video);
    return this.file(await readCaptionFile(path), basename(path), videoId, title, origin);
  }
}
