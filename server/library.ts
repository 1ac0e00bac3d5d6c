import { readdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from './atomicWrite.js';
import { DEFAULT_LIBRARY_DIR, SAMPLE_DIR } from './config.js';
import { PanelnotesError } from './errors.js';
import { describeJsonError, readRegularFile } from './regularFile.js';
import { StoredDataProblem } from './store/storedProblem.js';
import { transcriptSchema } from './transcript/schema.js';
import type { LibraryProblem, TranscriptRecord } from './transcript/types.js';
import { isVideoId } from './videoId.js';
import { describeIssue } from './zodIssues.js';

/**
 * The library is a folder of `<videoId>.json` transcripts. Each file is validated on load;
 * one bad file is reported and skipped, never allowed to hide the others.
 */
export interface LoadedLibrary {
  videos: TranscriptRecord[];
  problems: LibraryProblem[];
}

/**
 * A transcript file larger than this is skipped unread (and none so large is ever saved):
 * a day of speech with every word's time is about a tenth of it.
 */
export const MAX_TRANSCRIPT_BYTES = 128 * 1024 * 1024;

export function transcriptPath(dir: string, videoId: string): string {
  return join(dir, `${videoId}.json`);
}

/**
 * The one rule for the shipped sample: the default library (`transcripts/library/`, however
 * it was named) reads `transcripts/sample/` beneath its own files, so the sample is there out
 * of the box and a transcript of the same video in the library replaces it. Any other library
 * (`--library DIR`, `PANELNOTES_LIBRARY`) is exactly its folder.
 *
 * @example sampleDirOf('/home/me/talks') // => undefined
 */
export function sampleDirOf(dir: string): string | undefined {
  return resolve(dir) === DEFAULT_LIBRARY_DIR ? SAMPLE_DIR : undefined;
}

/**
 * Loads every transcript in `dir` (and the sample folder beneath it, see sampleDirOf), sorted
 * by title; a missing folder is an empty library. Only regular files are read: a FIFO, a
 * device, a folder named `x.json` or a link leaving the folder is reported, never opened.
 */
export async function loadLibrary(dir: string, sampleDir = sampleDirOf(dir)): Promise<LoadedLibrary> {
  const byId = new Map<string, TranscriptRecord>();
  const problems: LibraryProblem[] = [];
  for (const folder of sampleDir === undefined ? [dir] : [sampleDir, dir]) {
    const loaded = await loadFolder(folder);
    for (const record of loaded.videos) byId.set(record.videoId, record);
    problems.push(...loaded.problems);
  }
  if (sampleDir !== undefined) problems.push(...(await oldPlaceFiles(dir)));
  const videos = [...byId.values()].sort((a, b) => a.title.localeCompare(b.title));
  return { videos, problems };
}

async function loadFolder(dir: string): Promise<LoadedLibrary> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { videos: [], problems: [] };
    throw new PanelnotesError('FILE_UNREADABLE', `cannot read the library folder ${dir}: ${(error as Error).message}`);
  }
  const videos: TranscriptRecord[] = [];
  const problems: LibraryProblem[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    const result = await readTranscriptFile(path, dir);
    if ('problem' in result) problems.push({ path, problem: result.problem });
    else if (`${result.record.videoId}.json` !== name)
      problems.push({ path, problem: `holds video ${result.record.videoId}; the file must be named ${result.record.videoId}.json` });
    else videos.push(result.record);
  }
  return { videos, problems };
}

/**
 * Transcripts left in `transcripts/` by a panelnotes from before the sample moved: named, so
 * that they are moved rather than silently missing from the library.
 */
async function oldPlaceFiles(dir: string): Promise<LibraryProblem[]> {
  const old = dirname(resolve(dir));
  let names: string[];
  try {
    names = await readdir(old);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json') && isVideoId(n.slice(0, -'.json'.length)))
    .sort()
    .map((n) => ({ path: join(old, n), problem: `in the library's old place; move it into ${resolve(dir)} to see it again` }));
}

/**
 * Loads one video's transcript: from `dir`, else from the sample beneath it (see sampleDirOf).
 * @throws PanelnotesError NOT_FOUND when the library has no such video, LIBRARY_CORRUPT (a StoredDataProblem) when its file is invalid
 */
export async function loadTranscript(dir: string, videoId: string, sampleDir = sampleDirOf(dir)): Promise<TranscriptRecord> {
  const record = await findTranscript(dir, videoId, sampleDir);
  if (record) return record;
  throw new PanelnotesError('NOT_FOUND', `no video ${videoId} in the library ${dir}`, 'list the library: panelnotes list');
}

/**
 * One video's transcript, or undefined when the library (and the sample beneath it) has none.
 * @throws StoredDataProblem (LIBRARY_CORRUPT) when its file is there but invalid
 */
export async function findTranscript(dir: string, videoId: string, sampleDir = sampleDirOf(dir)): Promise<TranscriptRecord | undefined> {
  const path = transcriptPath(dir, videoId);
  let result = await readTranscriptFile(path, dir);
  if ('missing' in result && result.missing && sampleDir !== undefined) result = await readTranscriptFile(transcriptPath(sampleDir, videoId), sampleDir);
  if ('record' in result) return result.record;
  if (result.missing) return undefined;
  throw new StoredDataProblem(path, result.problem);
}

/**
 * Removes a video's transcript file from `dir` (the shipped sample beneath it is never touched).
 * @returns whether there was one
 */
export async function deleteTranscript(dir: string, videoId: string): Promise<boolean> {
  if (resolve(dir) === SAMPLE_DIR) throw new PanelnotesError('LIBRARY_WRITE_FAILED', `${dir} holds the shipped sample and is never written`);
  const path = transcriptPath(dir, videoId);
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new PanelnotesError('LIBRARY_WRITE_FAILED', `could not remove ${path}: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** Validates and writes a transcript atomically, so a crash leaves the old file or the new one. */
export async function saveTranscript(dir: string, record: TranscriptRecord): Promise<string> {
  const checked = transcriptSchema.safeParse(record);
  if (!checked.success)
    throw new PanelnotesError('LIBRARY_WRITE_FAILED', `refusing to save an invalid transcript for ${record.videoId}: ${describeIssue(checked.error)}`);
  if (resolve(dir) === SAMPLE_DIR)
    throw new PanelnotesError(
      'LIBRARY_WRITE_FAILED',
      `${dir} holds the shipped sample and is never written`,
      'leave out --library to save into transcripts/library/, or give another folder',
    );
  const text = `${JSON.stringify(record, null, 2)}\n`;
  // Never save what the next load would skip as too large.
  if (Buffer.byteLength(text) > MAX_TRANSCRIPT_BYTES)
    throw new PanelnotesError(
      'FILE_TOO_LARGE',
      `the transcript of ${record.videoId} would be ${(Buffer.byteLength(text) / 1048576).toFixed(0)} MB; the library holds transcripts of at most ${MAX_TRANSCRIPT_BYTES / 1048576} MB`,
    );
  const path = transcriptPath(dir, record.videoId);
  try {
    await writeFileAtomic(path, text);
  } catch (error) {
    throw saveFailure(error, path);
  }
  return path;
}

/** A transcript that could not be saved; the file there before is untouched (see writeFileAtomic). */
export function saveFailure(error: unknown, path: string): PanelnotesError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new PanelnotesError(
      'DISK_FULL',
      `could not save ${path}: the disk is full; the transcript there before is unchanged`,
      'free some space, then try again',
      { cause: error },
    );
  if (code === 'EROFS')
    return new PanelnotesError(
      'LIBRARY_WRITE_FAILED',
      `could not save ${path}: the disk is read-only; the transcript there before is unchanged`,
      'make the disk writable, then try again',
      { cause: error },
    );
  return new PanelnotesError('LIBRARY_WRITE_FAILED', `could not save ${path}: ${(error as Error).message}`, undefined, { cause: error });
}

type ReadResult = { record: TranscriptRecord } | { problem: string; missing?: boolean };

/** Reads and validates one file of the folder `dir`; problems never quote the file. */
async function readTranscriptFile(path: string, dir: string): Promise<ReadResult> {
  const read = await readRegularFile(path, { maxBytes: MAX_TRANSCRIPT_BYTES, within: dir });
  if ('problem' in read) return read;
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch (error) {
    return { problem: describeJsonError(error, read.text) };
  }
  const checked = transcriptSchema.safeParse(data);
  return checked.success ? { record: checked.data } : { problem: describeIssue(checked.error) };
}
