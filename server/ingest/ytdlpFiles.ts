import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PanelnotesError } from '../errors.js';
import { readRegularFile } from '../regularFile.js';
import { parseInfoJson, type VideoInfo } from '../ytdlp/info.js';
import { bracketedId, idFromBase, parseCaptionFileName, trackLanguage } from '../ytdlp/names.js';
import { chooseTrackFile, trackKind, type TrackFile } from '../ytdlp/tracks.js';
import type { FileOrigin } from './record.js';

/*
 * Files yt-dlp wrote, read from disk: the info.json beside a caption file, and a folder of a
 * playlist's captions (see ytdlp/ for their names and shapes). What is found here becomes a
 * FileOrigin, so the import records the talk complete (title, date, channel, chapters, link)
 * and says it came from yt-dlp.
 */

/** A caption file to import, and the video it belongs to where its files say. */
export interface PlannedImport {
  path: string;
  videoId?: string;
  origin: FileOrigin;
}

/** info.json files beyond this are not read (one with every comment of a popular video is tens of MB). */
const MAX_INFO_BYTES = 64 * 1024 * 1024;
const INFO = '.info.json';

/**
 * What yt-dlp's files say of one caption file: the `<base>.info.json` beside it (for
 * `Talk [id].en.vtt`, `Talk [id].info.json`), the `[id]` in its name, manual or automatic.
 * A file alone, with neither, names no video: a name that merely has an id's shape
 * (`keynote2016.vtt`) is a person's, and the import makes it a local talk (ingest/talk.ts).
 *
 * @example await captionFileOrigin('talks/Talk [abcdefghijk].en.vtt') // { videoId: 'abcdefghijk', origin: { provenance: { via: 'yt-dlp', ... }, title: 'Talk', ... } }
 */
export async function captionFileOrigin(path: string): Promise<PlannedImport> {
  const name = basename(path);
  const parsed = parseCaptionFileName(name);
  const stem = name.replace(/\.[^.]+$/, '');
  const info = (parsed && (await readInfo(join(dirname(path), parsed.base + INFO)))) || (await readInfo(join(dirname(path), stem + INFO)));
  const named = parsed ? bracketedId(parsed.base) : undefined;
  const videoId = info?.videoId ?? named;
  const fromYtDlp = Boolean(info) || named !== undefined;
  if (!fromYtDlp) return { path, origin: { provenance: { via: 'file' } } };
  return { path, ...(videoId ? { videoId } : {}), origin: originOf(info, name, parsed?.lang) };
}

/**
 * `import DIR`: for each video of a folder yt-dlp wrote, its best caption file in the wanted
 * language (see chooseTrackFile), with what its info.json says; a playlist's own info.json
 * names the playlist of every talk. Folders inside are not entered.
 */
export async function planFolder(dir: string, wanted = 'en'): Promise<{ picks: PlannedImport[]; skipped: { name: string; reason: string }[] }> {
  const names = await filesIn(dir);
  const groups = new Map<string, { tracks: TrackFile[]; info?: VideoInfo }>();
  const group = (base: string) => groups.get(base) ?? groups.set(base, { tracks: [] }).get(base)!;
  let playlist: string | undefined;
  for (const name of names) {
    if (name.endsWith(INFO)) {
      const info = await readInfo(join(dir, name));
      if (info?.kind === 'playlist') playlist ??= info.metadata.playlist;
      else if (info) group(name.slice(0, -INFO.length)).info = info;
      continue;
    }
    const parsed = parseCaptionFileName(name);
    if (parsed) group(parsed.base).tracks.push({ ...parsed, path: join(dir, name) });
  }
  const picks: PlannedImport[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const taken = new Set<string>();
  for (const [base, { tracks, info }] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const videoId = info?.videoId ?? idFromBase(base);
    if (!tracks.length) {
      skipped.push({ name: base + INFO, reason: 'no caption file beside it (ask yt-dlp for them: --write-subs --write-auto-subs)' });
      continue;
    }
    const chosen = chooseTrackFile(tracks, wanted, info);
    if ('unavailable' in chosen) {
      skipped.push({ name: base, reason: `no captions in "${wanted}" (it has ${chosen.unavailable.join(', ')}; choose one with --lang)` });
      continue;
    }
    if (!videoId) {
      skipped.push({ name: chosen.file.name, reason: 'no YouTube id: no info.json beside it and no [id] at the end of its name' });
      continue;
    }
    if (taken.has(videoId)) {
      skipped.push({ name: chosen.file.name, reason: `another file of the folder is already this video's (${videoId})` });
      continue;
    }
    taken.add(videoId);
    const origin = originOf(info, chosen.file.name, chosen.file.lang);
    if (playlist && !origin.metadata?.playlist) origin.metadata = { ...origin.metadata, playlist };
    picks.push({ path: chosen.file.path, videoId, origin });
  }
  return { picks, skipped };
}

/** The record details for a caption file yt-dlp wrote (`info` where its info.json was found). */
function originOf(info: VideoInfo | undefined, fileName: string, lang: string | undefined): FileOrigin {
  const captionKind = trackKind(lang, info);
  return {
    provenance: {
      via: 'yt-dlp',
      file: fileName,
      ...(info?.retrievedAt ? { retrievedAt: info.retrievedAt } : {}),
      ...(info?.version ? { tool: info.version } : {}),
    },
    ...(info?.title ? { title: info.title } : {}),
    ...(info?.url ? { url: info.url } : {}),
    ...(captionKind !== 'unknown' ? { captionKind } : {}),
    ...(lang ? { language: trackLanguage(lang) } : {}),
    ...(info && Object.keys(info.metadata).length ? { metadata: info.metadata } : {}),
  };
}

async function readInfo(path: string): Promise<VideoInfo | undefined> {
  const read = await readRegularFile(path, { maxBytes: MAX_INFO_BYTES, anyLink: true });
  return 'text' in read ? parseInfoJson(read.text) : undefined;
}

/** The names of the regular files in `dir` (links to files count: the folder is the user's). */
async function filesIn(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new PanelnotesError('FILE_UNREADABLE', `cannot read the folder ${dir}: ${(error as Error).message}`);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) names.push(entry.name);
    else if (entry.isSymbolicLink() && (await stat(join(dir, entry.name)).catch(() => undefined))?.isFile()) names.push(entry.name);
  }
  return names.sort();
}
