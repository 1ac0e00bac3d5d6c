import type { NoteChunkData, VideoIndexData } from '../../index/build.js';
import type { ShippedChunk } from '../../index/noteChunks.js';
import type { NotePassage } from '../../index/notePassages.js';
import type { Turn } from '../../index/speakers.js';
import type { TranscriptRecord } from '../transcript/types.js';

/**
 * Where a running server builds indexes: its worker threads (server/workers/pool.ts). Without
 * one (the CLI, one-shot tools) they are built on this thread.
 */
export interface IndexWorkers {
  /**
   * A video's index, from the SQLite engine's cache folder or built there, on a worker thread.
   * Left out where index data is not kept in files (team mode): the video's index is then read
   * from the catalog's repository, or built on this thread and put there.
   */
  indexVideo?(record: TranscriptRecord, turns: Turn[]): Promise<VideoIndexData>;
  noteChunks(chunks: NotePassage[][]): Promise<NoteChunkData[]>;
  /**
   * All of a video's notes, read from the SQLite file and chunked on the worker (see videoNotes
   * in tasks.ts). Left out in team mode: the notes are read here from the database, and only
   * chunks big enough to be worth the trip go to a worker (Catalog.indexNotes), so a note
   * another instance added is searchable here at once, without waiting for a worker to start.
   */
  videoNotes?(videoId: string, known: Map<string, string>): Promise<ShippedChunk[]>;
}
