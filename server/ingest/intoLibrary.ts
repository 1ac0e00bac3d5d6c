import { readFile, stat } from 'node:fs/promises';
import { parseCaptions, type CaptionImport } from '../captions/index.js';
import { PanelnotesError } from '../errors.js';
import { locate } from '../store/storedProblem.js';
import type { TranscriptsRepository } from '../store/types.js';
import { transcriptSchema } from '../transcript/schema.js';
import type { TranscriptRecord } from '../transcript/types.js';
import { isTalkId } from '../videoId.js';
import type { TalkOptions } from './talk.js';
import { fetchFromYouTube } from '../youtube/fetchTranscript.js';
import type { FetchOptions } from '../youtube/types.js';
import { recordFromFile, recordFromYouTube, type FileOrigin, type TalkListing } from './record.js';

/*
 * The first two steps of every import (services/imports.ts): get the captions (from YouTube, or
 * a file's bytes parsed) and save them to the library (a TranscriptsRepository) as a record. Nothing here indexes: the
 * service does that next, on this thread or on a worker (workers/tasks.ts runs importBytes).
 */

/** Caption files beyond this are not captions; refusing early keeps memory bounded. */
export const MAX_CAPTION_BYTES = 20 * 1024 * 1024;

/** Where transcripts are saved: the library, whatever engine keeps it. */
export type Library = Pick<TranscriptsRepository, 'getTranscript' | 'putTranscript' | 'locate'>;

/** What came in and where it went. */
export interface Ingested {
  record: TranscriptRecord;
  /** Where it was saved: the library file (the SQLite engine), or what the database calls it. */
  path: string;
  /** A caption file's format, and the cues it had that could not be used (the import went on without them). */
  captions?: Omit<CaptionImport, 'segments'>;
}

/** Fetches a video's captions from YouTube into the library; `listing` is what a playlist said of it. */
export async function fetchIntoLibrary(library: Library, input: string, options: FetchOptions = {}, listing?: TalkListing): Promise<Ingested> {
  const fetched = await fetchFromYouTube(input, options);
  return save(library, recordFromYouTube(fetched, new Date(), await existing(library, fetched.videoId), listing));
}

/**
 * Saves a record whole and says where, in the form every later load reads it back: the schema's
 * output, its keys in the schema's order. The index key is a hash of the record's JSON
 * (search/cache.ts), so the index built now from this record is the one every other instance
 * of a team, and every later start, finds current instead of building its own.
 */
async function save(library: Library, made: TranscriptRecord): Promise<{ record: TranscriptRecord; path: string }> {
  const checked = transcriptSchema.safeParse(made);
  // An invalid one goes as it is: the repository refuses it, saying why.
  const record = checked.success ? checked.data : made;
  await library.putTranscript(record);
  return { record, path: locate(library, record.videoId, 'transcript') };
}

/**
 * Imports caption bytes (an upload, a file's content) as the transcript of `videoId` (a talk
 * id, see talkFor), with what the importer was told of the talk (title, language, URL);
 * `origin` says how they came (an upload unless told) and what yt-dlp said of the video.
 */
export async function importBytes(
  library: Library,
  bytes: Uint8Array,
  fileName: string,
  videoId: string,
  options: TalkOptions = {},
  origin?: FileOrigin,
): Promise<Ingested & { captions: CaptionImport }> {
  if (!isTalkId(videoId)) throw new PanelnotesError('INVALID_VIDEO_ID', `not a talk id: "${videoId.slice(0, 40)}"`);
  if (bytes.length > MAX_CAPTION_BYTES)
    throw new PanelnotesError(
      'FILE_TOO_LARGE',
      `${fileName} is ${(bytes.length / 1048576).toFixed(1)} MB; caption files over ${MAX_CAPTION_BYTES / 1048576} MB are refused`,
    );
  const captions = await parseCaptions(bytes, fileName);
  const record = recordFromFile(videoId, captions, { ...options, fileName, origin, importedAt: new Date(), known: await existing(library, videoId) });
  return { ...(await save(library, record)), captions };
}

/** A caption file's bytes: a regular file, refused unread when it is larger than any caption file. */
export async function readCaptionFile(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new PanelnotesError('FILE_UNREADABLE', `${file} is not a file`);
    if (info.size > MAX_CAPTION_BYTES)
      throw new PanelnotesError(
        'FILE_TOO_LARGE',
        `${file} is ${(info.size / 1048576).toFixed(1)} MB; caption files over ${MAX_CAPTION_BYTES / 1048576} MB are refused`,
      );
    return await readFile(file);
  } catch (error) {
    if (error instanceof PanelnotesError) throw error;
    throw new PanelnotesError(
      'FILE_UNREADABLE',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** The library's transcript of a video, if it has a sound one (the sample included: callers tell it by its source). */
export async function existing(library: Pick<TranscriptsRepository, 'getTranscript'>, videoId: string): Promise<TranscriptRecord | undefined> {
  try {
    return await library.getTranscript(videoId);
  } catch (error) {
    if (error instanceof PanelnotesError && error.code === 'LIBRARY_CORRUPT') return undefined; // a broken old file is simply replaced
    throw error;
  }
}
