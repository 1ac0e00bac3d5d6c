import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicWrite.js';
import { PanelnotesError } from './errors.js';
import { describeIssue, transcriptSchema } from './transcript/schema.js';
import type { LibraryProblem, TranscriptRecord } from './transcript/types.js';

/**
 * The library is a folder of `<videoId>.json` transcripts. Each file is validated on load;
 * one bad file is reported and skipped, never allowed to hide the others.
 */
export interface LoadedLibrary {
  videos: TranscriptRecord[];
  problems: LibraryProblem[];
}

export function transcriptPath(dir: string, videoId: string): string {
  return join(dir, `${videoId}.json`);
}

/** Loads every transcript in `dir`, sorted by title; a missing folder is an empty library. */
export async function loadLibrary(dir: string): Promise<LoadedLibrary> {
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
    const result = await readTranscriptFile(path);
    if ('problem' in result) problems.push({ path, problem: result.problem });
    else if (`${result.record.videoId}.json` !== name)
      problems.push({ path, problem: `holds video ${result.record.videoId}; the file must be named ${result.record.videoId}.json` });
    else videos.push(result.record);
  }
  videos.sort((a, b) => a.title.localeCompare(b.title));
  return { videos, problems };
}

/**
 * Loads one video's transcript.
 * @throws PanelnotesError NOT_FOUND when the library has no such video, LIBRARY_CORRUPT when its file is invalid
 */
export async function loadTranscript(dir: string, videoId: string): Promise<TranscriptRecord> {
  const path = transcriptPath(dir, videoId);
  const result = await readTranscriptFile(path);
  if ('record' in result) return result.record;
  if (result.missing)
    throw new PanelnotesError('NOT_FOUND', `no video ${videoId} in the library ${dir}`, 'list the library: panelnotes list');
  throw new PanelnotesError('LIBRARY_CORRUPT', `${path}: ${result.problem}`);
}

/** Validates and writes a transcript atomically, so a crash leaves the old file or the new one. */
export async function saveTranscript(dir: string, record: TranscriptRecord): Promise<string> {
  const checked = transcriptSchema.safeParse(record);
  if (!checked.success)
    throw new PanelnotesError('LIBRARY_WRITE_FAILED', `refusing to save an invalid transcript for ${record.videoId}: ${describeIssue(checked.error)}`);
  const path = transcriptPath(dir, record.videoId);
  try {
    await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  } catch (error) {
    throw saveFailure(error, path);
  }
  return path;
}

/** A transcript that could not be saved; the file there before is untouched (see writeFileAtomic). */
export function saveFailure(error: unknown, path: string): PanelnotesError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new PanelnotesError('DISK_FULL', `could not save ${path}: the disk is full; the transcript there before is unchanged`, 'free some space, then try again', { cause: error });
  if (code === 'EROFS')
    return new PanelnotesError('LIBRARY_WRITE_FAILED', `could not save ${path}: the disk is read-only; the transcript there before is unchanged`, 'make the disk writable, then try again', { cause: error });
  return new PanelnotesError('LIBRARY_WRITE_FAILED', `could not save ${path}: ${(error as Error).message}`, undefined, { cause: error });
}

type ReadResult = { record: TranscriptRecord } | { problem: string; missing?: boolean };

async function readTranscriptFile(path: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { problem: missing ? 'no such file' : (error as Error).message, missing };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${(error as Error).message})` };
  }
  const checked = transcriptSchema.safeParse(data);
  return checked.success ? { record: checked.data } : { problem: describeIssue(checked.error) };
}
