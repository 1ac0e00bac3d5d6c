import type { VideoIndexData } from '../../../index/build.js';
import { deleteTranscript, findTranscript, loadLibrary, saveTranscript, transcriptPath, type LoadedLibrary } from '../../library.js';
import type { TranscriptRecord } from '../../transcript/types.js';
import type { TranscriptsRepository } from '../types.js';
import { IndexCacheFolder } from './indexCacheFolder.js';

/**
 * The SQLite engine's transcripts: the library folder of `<videoId>.json` files (with the shipped
 * sample beneath the default library, see library.ts sampleDirOf) and the index cache folder
 * beside it. Everything above the store reads and writes transcripts and built index data through
 * a TranscriptsRepository; this is the one that keeps them in files, as panelnotes always has.
 *
 * @example
 *   const library = new FolderTranscripts('transcripts/library', 'transcripts/library/.index');
 *   const { videos, problems } = await library.loadTranscripts(); // problems: files skipped, and why
 */
export class FolderTranscripts implements TranscriptsRepository {
  private readonly cache: IndexCacheFolder;

  constructor(
    readonly libraryDir: string,
    readonly cacheDir: string,
  ) {
    this.cache = new IndexCacheFolder(cacheDir);
  }

  /** Every transcript of the folder (and the sample beneath it), sorted by title; a bad file is a problem, never a throw. */
  loadTranscripts(): Promise<LoadedLibrary> {
    return loadLibrary(this.libraryDir);
  }

  /** @throws StoredDataProblem when the video's file is there but invalid */
  getTranscript(videoId: string): Promise<TranscriptRecord | undefined> {
    return findTranscript(this.libraryDir, videoId);
  }

  /** Validated and written atomically (a crash leaves the old file or the new one). */
  async putTranscript(record: TranscriptRecord): Promise<void> {
    await saveTranscript(this.libraryDir, record);
  }

  /** The video's file and its index cache; the shipped sample of it, if any, shows again. */
  async removeTranscript(videoId: string): Promise<boolean> {
    const removed = await deleteTranscript(this.libraryDir, videoId);
    await this.cache.remove(videoId).catch(() => undefined); // an index left behind costs nothing: its key no longer matches
    return removed;
  }

  getIndexData(videoId: string, key: string): Promise<VideoIndexData | undefined> {
    return this.cache.getIndexData(videoId, key);
  }

  putIndexData(videoId: string, key: string, data: VideoIndexData): Promise<void> {
    return this.cache.putIndexData(videoId, key, data);
  }

  locate(videoId: string, what: 'transcript' | 'index'): string {
    return what === 'transcript' ? transcriptPath(this.libraryDir, videoId) : this.cache.locate(videoId);
  }
}
