import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { PanelnotesError } from '../errors.js';
import type { FileOrigin } from '../ingest/record.js';
import { captionFileOrigin, planFolder, type PlannedImport } from '../ingest/ytdlpFiles.js';
import type { Imports } from '../services/imports.js';
import { parseTalkId, youTubeIdOf } from '../videoId.js';
import { parsePlaylistJson } from '../ytdlp/playlist.js';
import { batchExitCode, ExitStatus } from './batchReport.js';
import type { CliIO } from './context.js';
import { runFetch } from './fetchCommand.js';
import { formatSkipped } from './format.js';

/*
 * `panelnotes import` of what yt-dlp wrote: a folder of a playlist's captions, one video's
 * info.json, a playlist listing (`--flat-playlist -J`, fetched as a batch). A single caption
 * file goes the usual way, with what its info.json says (see captionFileImport).
 */

export interface ImportFlags {
  video?: string;
  url?: string;
  title?: string;
  lang?: string;
}

/** Handles `file` when it is a folder, an info.json or a playlist listing, and says whether it did. */
export async function importFromYtDlp(file: string, flags: ImportFlags, io: CliIO, imports: Imports): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (flags.video || flags.url)
      throw new PanelnotesError(
        'USAGE',
        `${flags.video ? '--video' : '--url'} names the talk of one caption file; a folder yt-dlp wrote names its own in each file`,
      );
    await importPlanned(await planFolder(file, flags.lang), io, imports, file);
    return true;
  }
  if (info?.isFile() && file.endsWith('.info.json')) {
    const base = basename(file).slice(0, -'.info.json'.length);
    const plan = await planFolder(dirname(file), flags.lang);
    const mine = (name: string): boolean => name === base || name.startsWith(`${base}.`);
    await importPlanned({ picks: plan.picks.filter((p) => mine(basename(p.path))), skipped: plan.skipped.filter((s) => mine(s.name)) }, io, imports, file);
    return true;
  }
  if (info?.isFile() && /\.jsonl?$/i.test(file) && info.size < 16 * 1024 * 1024 && parsePlaylistJson(await readFile(file, 'utf8'))) {
    await runFetch([], { playlistJson: file, ...(flags.lang ? { lang: flags.lang } : {}) }, io, imports);
    return true;
  }
  return false;
}

/**
 * One caption file: its talk from `--video` (or a YouTube `--url`), else its info.json, else
 * the `[id]` in its name; with none of them, no video (the import makes it a local talk, see
 * ingest/talk.ts). The rest of what yt-dlp said goes into the record.
 */
export async function captionFileImport(file: string, flags: ImportFlags): Promise<{ videoId?: string; origin: FileOrigin }> {
  const asked = flags.video !== undefined ? parseTalkId(flags.video) : flags.url !== undefined ? youTubeIdOf(flags.url) : undefined;
  const planned = await captionFileOrigin(file);
  if (asked && planned.videoId && asked !== planned.videoId)
    throw new PanelnotesError(
      'USAGE',
      `${flags.video !== undefined ? '--video' : '--url'} says ${asked}, but yt-dlp's files say ${file} is video ${planned.videoId}`,
      `leave out ${flags.video !== undefined ? '--video' : '--url'}, or give the right one`,
    );
  const videoId = flags.video ?? planned.videoId;
  return { ...(videoId ? { videoId } : {}), origin: planned.origin };
}

async function importPlanned(
  plan: { picks: PlannedImport[]; skipped: { name: string; reason: string }[] },
  io: CliIO,
  imports: Imports,
  what: string,
): Promise<void> {
  for (const s of plan.skipped) io.err(`panelnotes: left out ${s.name}: ${s.reason}`);
  if (!plan.picks.length)
    throw new PanelnotesError(
      'CAPTIONS_EMPTY',
      `no caption file to import in ${what}`,
      'yt-dlp writes them with --write-subs --write-auto-subs --skip-download',
    );
  let imported = 0;
  const total = plan.picks.length;
  for (const [i, pick] of plan.picks.entries()) {
    const at = `[${String(i + 1).padStart(String(total).length)}/${total}] ${pick.videoId}`;
    try {
      const { record, captions } = await imports.path(pick.path, pick.videoId, {}, pick.origin);
      if (captions?.skipped.length) io.err(formatSkipped(captions.skipped));
      const kind = record.captionKind === 'asr' ? 'auto-generated' : record.captionKind;
      io.out(`${at} imported "${record.title}" from ${basename(pick.path)}: ${record.language}, ${kind}, ${record.segments.length} segments`);
      imported++;
    } catch (error) {
      if (!(error instanceof PanelnotesError)) throw error;
      io.out(`${at} failed: ${basename(pick.path)}: ${error.message}`);
    }
  }
  io.out(`${total} talk(s): ${imported} imported, ${total - imported} failed${plan.skipped.length ? `, ${plan.skipped.length} left out` : ''}`);
  const code = batchExitCode({ total: total + plan.skipped.length, fetched: imported, skipped: 0, interrupted: false });
  if (code) throw new ExitStatus(code);
}
