import type { VideoIndexData } from '../../index/build.js';
import type { LoadedLibrary } from '../library.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { TranscriptsRepository } from './types.js';

/**
 * The part of a Store both engines hand on as it is: transcripts and their index data, kept by
 * the engine's own repository (the library and cache folders, or the team database's tables).
 * Each engine extends it with the repository it keeps them in.
 */
export abstract class TranscriptsForwarding<Repository extends TranscriptsRepository> implements TranscriptsRepository {
  protected constructor(protected readonly transcripts: Repository) {}

  loadTranscripts(): Promise<LoadedLibrary> {
    return this.transcripts.loadTranscripts();
  }
  getTranscript(videoId: string): Promise<TranscriptRecord | undefined> {
    return this.transcripts.getTranscript(videoId);
  }
  putTranscript(record: TranscriptRecord): Promise<void> {
    return this.transcripts.putTranscript(record);
  }
  removeTranscript(videoId: string): Promise<boolean> {
    return this.transcripts.removeTranscript(videoId);
  }
  getIndexData(videoId: string, key: string): Promise<VideoIndexData | undefined> {
    return this.transcripts.getIndexData(videoId, key);
  }
  putIndexData(videoId: string, key: string, data: VideoIndexData): Promise<void> {
    return this.transcripts.putIndexData(videoId, key, data);
  }
}
