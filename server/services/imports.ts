import { importBytes } from '../ingest/intoLibrary.js';
import { parseVideoId } from '../videoId.js';
import type { Workers } from '../workers/pool.js';
import type { Catalog, VideoView } from './catalog.js';

/**
 * Caption files into the library and the live index: parse, save, index, in that order, so a
 * file that fails leaves the library and the index as they were. In the server the work runs
 * on a worker thread and only the swap into the live index happens on the request thread.
 */
export class Imports {
  constructor(
    private readonly libraryDir: string,
    private readonly cacheDir: string,
    private readonly catalog: Catalog,
    private readonly turns: (videoId: string) => { start: number; end: number; name: string }[],
    private readonly workers?: Pick<Workers, 'importCaptions'>,
  ) {}

  /** Imports caption bytes as the transcript of `video` (an id or URL); the video as pages show it. */
  async file(bytes: Uint8Array, fileName: string, video: string, title?: string): Promise<VideoView> {
    if (!this.workers) {
      const { record } = await importBytes(this.libraryDir, bytes, fileName, video, title);
      return this.catalog.add(record);
    }
    const videoId = parseVideoId(video);
    const { record, data } = await this.workers.importCaptions({
      libraryDir: this.libraryDir,
      cacheDir: this.cacheDir,
      bytes,
      fileName,
      videoId,
      ...(title ? { title } : {}),
      turns: this.turns(videoId),
    });
    return this.catalog.add(record, data);
  }
}
