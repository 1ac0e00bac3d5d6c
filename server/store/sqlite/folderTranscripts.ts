import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { VideoIndexData } from '../../../index/build.js';
import { writeFileAtomic } from '../../atomicWrite.js';
import { PanelnotesError } from '../../errors.js';
import { loadLibrary, loadTranscript, saveTranscript, transcriptPath, type LoadedLibrary } from '../../library.js';
import { MAX_CACHE_BYTES } from '../../search/cache.js';
import { readRegularFile } from '../../regularFile.js';
import type { TranscriptRecord } from '../../transcript/types.js';
import type { TranscriptsRepository } from '../types.js';

/**
 * PLACEHOLDER (core16's branch only): lib16 writes the real FolderTranscripts; take theirs on
 * merge. The library folder (server/library.ts) and the index cache folder behind the
 * TranscriptsRepository interface, so the SQLite engine can be composed before it lands.
 */
export class FolderTranscripts implements TranscriptsRepository {
  constructor(
    private readonly libraryDir: string,
    private readonly cacheDir: string,
  ) {}

  loadTranscripts(): Promise<LoadedLibrary> {
    return loadLibrary(this.libraryDir);
  }

  async getTranscript(videoId: string): Promise<TranscriptRecord | undefined> {
    try {
      return await loadTranscript(this.libraryDir, videoId);
    } catch (error) {
      if (error instanceof PanelnotesError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async putTranscript(record: TranscriptRecord): Promise<void> {
    await saveTranscript(this.libraryDir, record);
  }

  async removeTranscript(videoId: string): Promise<boolean> {
    try {
      await unlink(transcriptPath(this.libraryDir, videoId));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async getIndexData(videoId: string, key: string): Promise<VideoIndexData | undefined> {
    const read = await readRegularFile(join(this.cacheDir, `${videoId}.json`), { maxBytes: MAX_CACHE_BYTES });
    if ('problem' in read) return undefined;
    try {
      const data = JSON.parse(read.text) as VideoIndexData & { key?: unknown };
      return data.key === key ? data : undefined;
    } catch {
      return undefined;
    }
  }

  async putIndexData(videoId: string, _key: string, data: VideoIndexData): Promise<void> {
    await writeFileAtomic(join(this.cacheDir, `${videoId}.json`), JSON.stringify(data));
  }
}
