import { readFile, stat } from 'node:fs/promises';
import { PanelnotesError } from '../errors.js';
import { fetchBatch, talkList, type BatchTalk } from '../services/batch.js';
import type { Imports } from '../services/imports.js';
import { formatTime } from '../time.js';
import { parseVideoId } from '../videoId.js';
import { parsePlaylistJson } from '../ytdlp/playlist.js';
import { batchExitCode, batchReporter, ExitStatus, summaryLines } from './batchReport.js';
import type { CliIO } from './context.js';
import { transcriptLength } from './format.js';

export interface FetchFlags {
  from?: string;
  playlistJson?: string;
  refresh?: boolean;
  lang?: string;
  delay?: string;
}

/** A list of talks (`--from`, `--playlist-json`) is a text file of this size at most. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

/**
 * `panelnotes fetch`: one talk as before (its line, or its error's exit code), or many, from
 * the arguments, a file of URLs (`--from`) or a playlist yt-dlp listed (`--playlist-json`), as
 * a paced, resumable batch. Every input is checked before anything is fetched.
 */
export async function runFetch(inputs: string[], flags: FetchFlags, io: CliIO, imports: Imports): Promise<void> {
  const talks = inputs.map((input) => ({ videoId: parseVideoId(input) }));
  if (flags.from) talks.push(...(await talksInFile(flags.from)));
  let playlist: string | undefined;
  if (flags.playlistJson) {
    const listed = await playlistTalks(flags.playlistJson, io);
    playlist = listed.title;
    talks.push(...listed.talks);
  }
  const unique = [...new Map(talks.map((t) => [t.videoId, t])).values()];
  if (!unique.length) throw new PanelnotesError('USAGE', 'nothing to fetch: give YouTube URLs or ids, --from FILE (one a line) or --playlist-json FILE');
  const delayMs = seconds(flags.delay ?? '2') * 1000;
  const fetchOne = async (talk: BatchTalk) =>
    (
      await imports.fetch(talk.videoId, {
        ...(flags.lang ? { lang: flags.lang } : {}),
        listing: { ...(talk.title ? { title: talk.title } : {}), ...(playlist ? { playlist } : {}) },
      })
    ).record;

  if (unique.length === 1 && !flags.from && !flags.playlistJson) {
    const [talk] = unique as [BatchTalk];
    const known = flags.refresh ? undefined : await imports.existing(talk.videoId);
    if (known) {
      io.out(`${talk.videoId} is already in the library ("${known.title}", fetched ${known.fetchedAt.slice(0, 10)}); --refresh fetches it again`);
      return;
    }
    const { record, path } = await imports.fetch(talk.videoId, flags.lang ? { lang: flags.lang } : {});
    const kind = record.captionKind === 'asr' ? 'auto-generated' : record.captionKind;
    io.out(
      `fetched "${record.title}" (${record.videoId}): ${record.segments.length} segments, ${formatTime(transcriptLength(record))}, language ${record.language} (${kind})`,
    );
    io.out(`saved ${path}`);
    return;
  }

  const report = batchReporter(io, unique.length);
  const interrupts = io.signal ? undefined : io.interrupts?.();
  const signal = io.signal ?? interrupts?.signal;
  let summary;
  try {
    summary = await fetchBatch(
      unique,
      { fetchOne, existing: (videoId) => imports.existing(videoId) },
      { refresh: flags.refresh === true, delayMs, ...report, ...(io.sleep ? { sleep: io.sleep } : {}), ...(signal ? { signal } : {}) },
    );
  } finally {
    report.done();
    interrupts?.done();
  }
  const [counts, ...next] = summaryLines(summary);
  io.out(counts ?? '');
  for (const line of next) io.err(line);
  const code = batchExitCode(summary);
  if (code) throw new ExitStatus(code);
}

/** `--from FILE`: one URL or id a line; blank lines and `#` comments are skipped; a bad line is refused with its number. */
async function talksInFile(path: string): Promise<BatchTalk[]> {
  return talkList(await readList(path), path).map((videoId) => ({ videoId }));
}

/** `--playlist-json FILE`: the talks of a playlist yt-dlp listed; entries that are not talks are named on stderr. */
export async function playlistTalks(path: string, io: CliIO): Promise<{ title?: string; talks: BatchTalk[] }> {
  const playlist = parsePlaylistJson(await readList(path));
  if (!playlist)
    throw new PanelnotesError(
      'USAGE',
      `${path} is not a playlist listed by yt-dlp`,
      'make one with: yt-dlp --flat-playlist -J "https://www.youtube.com/playlist?list=<id>" > playlist.json',
    );
  for (const s of playlist.skipped) io.err(`panelnotes: left out "${s.entry}": ${s.reason}`);
  return { ...(playlist.title ? { title: playlist.title } : {}), talks: playlist.talks };
}

async function readList(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new PanelnotesError('FILE_UNREADABLE', `${path} is not a file`);
    if (info.size > MAX_LIST_BYTES) throw new PanelnotesError('FILE_TOO_LARGE', `${path} is larger than any list of talks (${MAX_LIST_BYTES / 1048576} MB)`);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof PanelnotesError) throw error;
    throw new PanelnotesError(
      'FILE_UNREADABLE',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 3600)
    throw new PanelnotesError('USAGE', `--delay must be a number of seconds (0 to 3600), not "${value.slice(0, 20)}"`);
  return n;
}
