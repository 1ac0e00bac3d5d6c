import type { VideoChapter, VideoMetadata } from '../transcript/types.js';
import { isVideoId, parseVideoId } from '../videoId.js';

/*
 * yt-dlp's info.json (`--write-info-json`): one video's details as yt-dlp extracted them, in
 * the field names of its output template (id, title, channel, upload_date as YYYYMMDD,
 * duration in seconds, chapters of start_time/end_time/title, subtitles and
 * automatic_captions keyed by language). A playlist's own info.json has `_type: playlist`.
 * The file is read as given: a field of the wrong type is left out, never trusted.
 */

/** What panelnotes takes from an info.json. */
export interface VideoInfo {
  kind: 'video' | 'playlist';
  /** The YouTube video id (for a video from YouTube only). */
  videoId?: string;
  title?: string;
  /** The watch page yt-dlp read. */
  url?: string;
  metadata: VideoMetadata;
  /** Languages with captions a person uploaded (`subtitles`), and with YouTube's automatic ones (`automatic_captions`). */
  manual: Set<string>;
  automatic: Set<string>;
  /** When yt-dlp read it (`epoch`), ISO. */
  retrievedAt?: string;
  /** yt-dlp's version (`_version.version`). */
  version?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const seconds = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Reads an info.json's text; undefined when it is not one (not JSON, not an object).
 *
 * @example parseInfoJson('{"id": "abcdefghijk", "extractor_key": "Youtube", "upload_date": "20160825"}')
 *   // { kind: 'video', videoId: 'abcdefghijk', metadata: { published: '2016-08-25' }, ... }
 */
export function parseInfoJson(json: string): VideoInfo | undefined {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isObject(data)) return undefined;
  const kind = data._type === 'playlist' ? 'playlist' : 'video';
  const fromYouTube = /^youtube/i.test(text(data.extractor_key) ?? text(data.extractor) ?? 'youtube');
  const id = text(data.id);
  const videoId = kind === 'video' && fromYouTube && id && isVideoId(id) ? id : undefined;
  const metadata: VideoMetadata = {};
  const description = text(data.description);
  const channel = text(data.channel) ?? text(data.uploader);
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(text(data.upload_date) ?? '');
  const length = seconds(data.duration);
  const playlist = kind === 'playlist' ? text(data.title) : (text(data.playlist_title) ?? text(data.playlist));
  const chapters = readChapters(data.chapters);
  if (description) metadata.description = description;
  if (channel) metadata.channel = channel;
  if (date) metadata.published = `${date[1]}-${date[2]}-${date[3]}`;
  if (length) metadata.lengthSeconds = length;
  if (playlist) metadata.playlist = playlist;
  if (chapters.length) metadata.chapters = chapters;
  const epoch = seconds(data.epoch);
  const version = isObject(data._version) ? text(data._version.version) : undefined;
  const title = text(data.title);
  const url = text(data.webpage_url);
  return {
    kind,
    ...(videoId ? { videoId } : {}),
    ...(title ? { title } : {}),
    ...(url && videoId && sameVideo(url, videoId) ? { url } : {}),
    metadata,
    manual: languages(data.subtitles),
    automatic: languages(data.automatic_captions),
    ...(epoch ? { retrievedAt: new Date(epoch * 1000).toISOString() } : {}),
    ...(version ? { version } : {}),
  };
}

function readChapters(value: unknown): VideoChapter[] {
  if (!Array.isArray(value)) return [];
  const chapters: VideoChapter[] = [];
  for (const item of value) {
    if (!isObject(item)) continue;
    const start = seconds(item.start_time);
    const title = text(item.title);
    const end = seconds(item.end_time);
    if (start === undefined || !title) continue;
    chapters.push({ start, ...(end !== undefined && end >= start ? { end } : {}), title });
  }
  return chapters.sort((a, b) => a.start - b.start);
}

/** The languages a `subtitles` or `automatic_captions` map lists (`live_chat` is a chat replay, not captions). */
function languages(value: unknown): Set<string> {
  return new Set(isObject(value) ? Object.keys(value).filter((lang) => lang !== 'live_chat') : []);
}

/** A link kept only when it is the video's own YouTube page: the record's url is a link the pages show. */
function sameVideo(url: string, videoId: string): boolean {
  try {
    return parseVideoId(url) === videoId && /^https:\/\//.test(url);
  } catch {
    return false;
  }
}
