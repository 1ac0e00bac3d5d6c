import { isVideoId, parseVideoId } from '../videoId.js';

/*
 * A playlist as yt-dlp lists it without downloading anything: `yt-dlp --flat-playlist -J URL`
 * prints one JSON object, `{"_type": "playlist", "title", "id", "entries": [...]}`, each entry
 * `{"_type": "url", "ie_key": "Youtube", "id", "url", "title", "duration", ...}`;
 * `--flat-playlist -j` prints the entries alone, one JSON object a line. Both read here.
 */

export interface PlaylistTalk {
  videoId: string;
  title?: string;
}

export interface Playlist {
  title?: string;
  talks: PlaylistTalk[];
  /** Entries that are not talks to fetch (a deleted video, another site, a nested playlist), and why. */
  skipped: { entry: string; reason: string }[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * Reads a playlist yt-dlp printed; undefined when the text is not one (a caption file, say).
 *
 * @example parsePlaylistJson('{"_type": "playlist", "title": "KVM Forum 2016", "entries": [{"id": "abcdefghijk", "ie_key": "Youtube"}]}')
 *   // { title: 'KVM Forum 2016', talks: [{ videoId: 'abcdefghijk' }], skipped: [] }
 */
export function parsePlaylistJson(json: string): Playlist | undefined {
  const whole = parse(json);
  let title: string | undefined;
  let entries: unknown[];
  if (isObject(whole) && Array.isArray(whole.entries)) {
    title = text(whole.title);
    entries = whole.entries;
  } else {
    // JSON lines (`-j`): every line an entry yt-dlp lists.
    const lines = json.split('\n').filter((l) => l.trim());
    entries = lines.map(parse);
    if (!lines.length || !entries.every((e) => isObject(e) && ('ie_key' in e || e._type === 'url'))) return undefined;
  }
  const talks: PlaylistTalk[] = [];
  const skipped: Playlist['skipped'] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const label = (isObject(entry) && (text(entry.title) ?? text(entry.id))) || `entry ${i + 1}`;
    const talk = readEntry(entry);
    if ('reason' in talk) skipped.push({ entry: label, reason: talk.reason });
    else if (seen.has(talk.videoId)) skipped.push({ entry: label, reason: `listed twice (${talk.videoId})` });
    else {
      seen.add(talk.videoId);
      talks.push(talk);
    }
  });
  return { ...(title ? { title } : {}), talks, skipped };
}

function readEntry(entry: unknown): PlaylistTalk | { reason: string } {
  if (!isObject(entry)) return { reason: 'empty (yt-dlp could not list it)' };
  const title = text(entry.title);
  if (entry._type === 'playlist' || /tab|playlist/i.test(text(entry.ie_key) ?? ''))
    return { reason: 'a playlist, not a video: list it with yt-dlp --flat-playlist -J as well' };
  const site = text(entry.ie_key) ?? text(entry.extractor_key);
  if (site && !/^youtube$/i.test(site)) return { reason: `not a YouTube video (${site})` };
  if (title && /^\[(deleted|private) video\]$/i.test(title)) return { reason: `${title.slice(1, -1).toLowerCase()} on YouTube` };
  const id = text(entry.id);
  const videoId = id && isVideoId(id) ? id : idOf(text(entry.url) ?? text(entry.webpage_url));
  if (!videoId) return { reason: 'no YouTube video id' };
  return { videoId, ...(title ? { title } : {}) };
}

function idOf(url: string | undefined): string | undefined {
  try {
    return url ? parseVideoId(url) : undefined;
  } catch {
    return undefined;
  }
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
