import { createHash } from 'node:crypto';
import { PanelnotesError } from './errors.js';

/*
 * The one id rule, for routes, jobs, the CLI and the library's file names. A talk is either on
 * YouTube, and known by YouTube's id, or not, and known by a local id that panelnotes makes:
 * `local-` and 16 hex digits, 22 characters, so it can never be read as a YouTube id (exactly
 * 11) nor a YouTube id as one.
 */

/** YouTube's video ids: 11 characters of A-Z, a-z, 0-9, `_` and `-`. The one place this rule is written. */
export const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
/** A talk not on YouTube: `local-` and 16 lowercase hex digits (see localId). */
export const LOCAL_ID = /^local-[0-9a-f]{16}$/;
/** Any talk of the library: a YouTube id or a local id. Safe in a path and a file name. */
export const TALK_ID = /^(?:[A-Za-z0-9_-]{11}|local-[0-9a-f]{16})$/;
/** Lowercase words joined by hyphens: what a person types, not one of YouTube's random ids. */
const WORDS = /^[a-z]+(?:-[a-z]+)+$/;
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com']);
/** Path prefixes after which the id is the next path part. */
const ID_PATHS = new Set(['embed', 'shorts', 'live', 'v', 'e']);

/**
 * Extracts the 11-character video id from a bare id or any usual YouTube URL form
 * (watch, youtu.be, embed, shorts, live, with or without scheme and extra parameters).
 * Anything else is refused here, before any network call.
 *
 * @example parseVideoId('https://youtu.be/S6Sjj6OtyvY?t=42') // 'S6Sjj6OtyvY'
 */
export function parseVideoId(input: string): string {
  const text = input.trim();
  if (readsAsVideoId(text)) return text;
  const id = idFromUrl(text);
  if (id) return id;
  // About one real id in 20,000 reads like words; its URL form is still accepted.
  const looksLikeWords = WORDS.test(text) ? `; if it really is an id, give its URL: https://youtu.be/${text}` : '';
  throw new PanelnotesError('INVALID_VIDEO_ID', `not a YouTube video: "${input}" (give a YouTube URL or an 11-character id like S6Sjj6OtyvY${looksLikeWords})`);
}

/**
 * Whether `text`, standing alone (a bare id typed, a file named after its video), is a YouTube
 * id rather than words: the shape of one, and not lowercase words joined by hyphens.
 *
 * @example readsAsVideoId('S6Sjj6OtyvY') // true
 * @example readsAsVideoId('my-talk-one') // false
 */
export function readsAsVideoId(text: string): boolean {
  return VIDEO_ID.test(text) && !WORDS.test(text);
}

/**
 * The YouTube id in a YouTube URL, or undefined for any other text (a URL elsewhere).
 *
 * @example youTubeIdOf('https://youtu.be/S6Sjj6OtyvY') // 'S6Sjj6OtyvY'
 */
export function youTubeIdOf(url: string): string | undefined {
  return idFromUrl(url.trim());
}

/** Whether `text` is a YouTube video id (not a local id). */
export function isVideoId(text: string): boolean {
  return VIDEO_ID.test(text);
}

/** Whether `text` is the id of a talk: a YouTube id or a local id. */
export function isTalkId(text: string): boolean {
  return TALK_ID.test(text);
}

/** Whether a talk is on YouTube (it has a player and a watch page there) rather than a local one. */
export function onYouTube(videoId: string): boolean {
  return VIDEO_ID.test(videoId);
}

/**
 * Any talk as a person names it: a local id as it is, else a YouTube id or URL (parseVideoId).
 *
 * @example parseTalkId('local-0123456789abcdef') // 'local-0123456789abcdef'
 * @example parseTalkId('https://youtu.be/S6Sjj6OtyvY') // 'S6Sjj6OtyvY'
 * @throws PanelnotesError INVALID_VIDEO_ID
 */
export function parseTalkId(input: string): string {
  const text = input.trim();
  if (LOCAL_ID.test(text)) return text;
  if (/^local-/i.test(text))
    throw new PanelnotesError('INVALID_VIDEO_ID', `not a talk id: "${input.slice(0, 60)}" (a local id is local- and 16 hex digits, see panelnotes list)`);
  return parseVideoId(text);
}

/**
 * The local id of a talk not on YouTube, from what identifies it: its URL when it has one
 * (`url:<href>`), else its caption file's content (`content:<sha256>`). The same input always
 * gives the same id, so importing a file again replaces the talk rather than adding another.
 *
 * @example localId('url:https://media.example.org/talk.mp4') // 'local-' + 16 hex digits
 */
export function localId(key: string): string {
  return `local-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

export function watchUrl(videoId: string, atSeconds?: number): string {
  const base = `https://www.youtube.com/watch?v=${videoId}`;
  return atSeconds === undefined ? base : `${base}&t=${Math.floor(atSeconds)}s`;
}

/** Files a browser plays itself, where `#t=90` (Media Fragments) starts playback at 90 s. */
const MEDIA_FILE = /\.(?:mp4|m4v|webm|ogv|ogg|oga|mp3|m4a|aac|wav|flac|opus|mov|mkv)$/i;

/**
 * Where a moment of a talk can be watched: YouTube's watch page at that second; for a talk not
 * on YouTube, its own URL with `#t=<seconds>` when that is a media file (a browser starts
 * playing there), its URL as it is otherwise, and with no URL at all this server's page of
 * the transcript at that moment.
 *
 * @example momentUrl('local-0123456789abcdef', 90, 'https://media.example.org/talk.mp4') // 'https://media.example.org/talk.mp4#t=90'
 * @example momentUrl('S6Sjj6OtyvY', 90) // 'https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=90s'
 */
export function momentUrl(videoId: string, atSeconds?: number, url?: string): string {
  if (onYouTube(videoId)) return watchUrl(videoId, atSeconds);
  if (!url) return `/videos/${videoId}${atSeconds === undefined ? '' : `?t=${Math.floor(atSeconds)}`}`;
  if (atSeconds === undefined) return url;
  const link = new URL(url);
  if (!MEDIA_FILE.test(link.pathname)) return url;
  link.hash = `t=${Math.floor(atSeconds)}`;
  return link.href;
}

function idFromUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  let candidate: string | undefined;
  if (host === 'youtu.be' || host === 'www.youtu.be') {
    candidate = parts[0];
  } else if (YOUTUBE_HOSTS.has(host)) {
    if (parts[0] === 'watch') candidate = url.searchParams.get('v') ?? undefined;
    else if (parts[0] && ID_PATHS.has(parts[0])) candidate = parts[1];
    else if (parts.length === 0 || parts[0] === 'attribution_link') candidate = url.searchParams.get('v') ?? undefined;
  }
  return candidate && VIDEO_ID.test(candidate) ? candidate : undefined;
}
