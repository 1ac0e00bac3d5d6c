import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseCaptions, type CaptionImport } from '../captions/index.js';
import { PanelnotesError } from '../errors.js';
import { loadTranscript, saveTranscript } from '../library.js';
import type { TranscriptRecord } from '../transcript/types.js';
import { parseVideoId } from '../videoId.js';
import { fetchFromYouTube } from '../youtube/fetchTranscript.js';
import type { FetchOptions } from '../youtube/types.js';
import { recordFromFile, recordFromYouTube } from './record.js';

/** Caption files beyond this are not captions; refusing early keeps memory bounded. */
export const MAX_CAPTION_BYTES = 20 * 1024 * 1024;

export interface Ingested {
  record: TranscriptRecord;
  path: string;
}

/** Fetches a video's captions from YouTube into the library. */
export async function fetchIntoLibrary(libraryDir: string, input: string, options: FetchOptions = {}): Promise<Ingested> {
  const fetched = await fetchFromYouTube(input, options);
  const record = recordFromYouTube(fetched, new Date(), await existing(libraryDir, fetched.videoId));
  return { record, path: await saveTranscript(libraryDir, record) };
}

/** Imports a caption file into the library as the transcript of `video`. */
export async function importIntoLibrary(
  libraryDir: string,
  file: string,
  video: string,
  title?: string,
): Promise<Ingested & { captions: CaptionImport }> {
  const videoId = parseVideoId(video);
  return importBytes(libraryDir, await readCaptionFile(file), basename(file), videoId, title);
}

/** Imports caption bytes (an upload, a file's content) as the transcript of `video`. */
export async function importBytes(
  libraryDir: string,
  bytes: Uint8Array,
  fileName: string,
  video: string,
  title?: string,
): Promise<Ingested & { captions: CaptionImport }> {
  const videoId = parseVideoId(video);
  if (bytes.length > MAX_CAPTION_BYTES)
    throw new PanelnotesError('FILE_TOO_LARGE', `${fileName} is ${(bytes.length / 1048576).toFixed(1)} MB; caption files over ${MAX_CAPTION_BYTES / 1048576} MB are refused`);
  const captions = await parseCaptions(bytes, fileName);
  const record = recordFromFile(videoId, captions, { title, importedAt: new Date(), known: await existing(libraryDir, videoId) });
  return { record, captions, path: await saveTranscript(libraryDir, record) };
}

async function readCaptionFile(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new PanelnotesError('FILE_UNREADABLE', `${file} is not a file`);
    if (info.size > MAX_CAPTION_BYTES)
      throw new PanelnotesError('FILE_TOO_LARGE', `${file} is ${(info.size / 1048576).toFixed(1)} MB; caption files over ${MAX_CAPTION_BYTES / 1048576} MB are refused`);
    return await readFile(file);
  } catch (error) {
    if (error instanceof PanelnotesError) throw error;
    throw new PanelnotesError('FILE_UNREADABLE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

async function existing(libraryDir: string, videoId: string): Promise<TranscriptRecord | undefined> {
  try {
    return await loadTranscript(libraryDir, videoId);
  } catch {
    return undefined; // a missing or broken old file is simply replaced
  }
}
