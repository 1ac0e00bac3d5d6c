import { basename } from 'node:path';
import { existing, fetchIntoLibrary, importBytes, readCaptionFile, type Ingested, type Library } from '../ingest/intoLibrary.js';
import type { FileOrigin, TalkListing } from '../ingest/record.js';
import { languageCode, talkFor, type TalkOptions } from '../ingest/talk.js';
import type { TranscriptRecord } from '../transcript/types.js';
import { parseTalkId, parseVideoId } from '../videoId.js';
import type { Workers } from '../workers/pool.js';
import type { ImportTask } from '../workers/tasks.js';
import type { FetchOptions } from '../youtube/types.js';
import type { Catalog } from './catalog.js';

export type { Ingested } from '../ingest/intoLibrary.js';
export type { TalkOptions } from '../ingest/talk.js';

/** The live search index a server keeps; the CLI has none (its next search loads the library afresh). */
export interface LiveIndex {
  catalog: Pick<Catalog, 'add' | 'arrival'>;
  /** A video's speaker turns, which shape the passages an index is built from. */
  turns: (videoId: string) => Promise<{ start: number; end: number; name: string }[]>;
  /**
   * Where a server parses, saves and indexes caption files in the SQLite engine: its worker
   * threads, which write the library and cache folders themselves (open.ts binds them to those
   * folders). Without it (team mode, the CLI) an import is saved through the repository here.
   */
  workers?: { importCaptions(task: Omit<ImportTask, 'libraryDir' | 'cacheDir'>): ReturnType<Workers['importCaptions']> };
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
  private readonly workers: LiveIndex['workers'];

  constructor(
    /** The library transcripts are read from and saved to (whatever engine keeps it). */
    private readonly library: Library,
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
    return this.arriving(parseVideoId(input), async () => {
      const { record, path } = await fetchIntoLibrary(this.library, input, { ...this.fetchOptions, ...asked }, listing);
      indexing?.();
      await this.live?.catalog.add(record);
      return { record, path };
    });
  }

  /** Saving then adding a talk, with the live index told so (see Catalog.arrival). */
  private arriving<T>(videoId: string, work: () => Promise<T>): Promise<T> {
    return this.live ? this.live.catalog.arrival(videoId, work) : work();
  }

  /**
   * Imports caption bytes (an upload, unless `origin` says otherwise) as the transcript of
   * `video` (a YouTube id or URL, or a local id); without one, of the talk `options.url`
   * names, else of a local talk keyed by the file's content (see talkFor).
   */
  async file(bytes: Uint8Array, fileName: string, video: string | undefined, options: TalkOptions = {}, origin?: FileOrigin): Promise<Ingested> {
    const { videoId, url } = talkFor(video, options.url, bytes);
    const talk: TalkOptions = {
      ...(options.title ? { title: options.title } : {}),
      ...(options.language ? { language: languageCode(options.language) } : {}),
      ...(url ? { url } : {}),
    };
    return this.arriving(videoId, () => this.save(bytes, fileName, videoId, talk, origin));
  }

  private async save(bytes: Uint8Array, fileName: string, videoId: string, talk: TalkOptions, origin: FileOrigin | undefined): Promise<Ingested> {
    if (this.live && this.workers) {
      const { data, ...imported } = await this.workers.importCaptions({
        bytes,
        fileName,
        videoId,
        talk,
        ...(origin ? { origin } : {}),
        turns: await this.live.turns(videoId),
      });
      await this.live.catalog.add(imported.record, data);
      return imported;
    }
    const { record, path, captions } = await importBytes(this.library, bytes, fileName, videoId, talk, origin);
    await this.live?.catalog.add(record);
    return { record, path, captions: { format: captions.format, skipped: captions.skipped, ...(captions.language ? { language: captions.language } : {}) } };
  }

  /**
   * The library's own transcript of a video (a fetch or an import), if it has one: the shipped
   * sample is not one, it is there to be replaced. What a batch skips unless told to refresh.
   */
  async existing(videoId: string): Promise<TranscriptRecord | undefined> {
    const record = await existing(this.library, videoId);
    return record?.source === 'sample' ? undefined : record;
  }

  /**
   * Imports the caption file at `path` (the CLI's `import`, a file unless `origin` says
   * otherwise): the talk and the options are checked before the file is read.
   */
  async path(path: string, video: string | undefined, options: TalkOptions = {}, origin: FileOrigin = { provenance: { via: 'file' } }): Promise<Ingested> {
    if (video !== undefined) parseTalkId(video);
    if (options.language !== undefined) languageCode(options.language);
    if (options.url !== undefined) talkFor(undefined, options.url, new Uint8Array());
    return this.file(await readCaptionFile(path), basename(path), video, options, origin);
  }
}
