import { PanelnotesError } from './errors.js';

/** YouTube's video ids: 11 characters of A-Z, a-z, 0-9, `_` and `-`. The one place this rule is written. */
export const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
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
  if (VIDEO_ID.test(text) && !WORDS.test(text)) return text;
  const id = idFromUrl(text);
  if (id) return id;
  // About one real id in 20,000 reads like words; its URL form is still accepted.
  const looksLikeWords = WORDS.test(text) ? `; if it really is an id, give its URL: https://youtu.be/${text}` : '';
  throw new PanelnotesError('INVALID_VIDEO_ID', `not a YouTube video: "${input}" (give a YouTube URL or an 11-character id like S6Sjj6OtyvY${looksLikeWords})`);
}

export function isVideoId(text: string): boolean {
  return VIDEO_ID.test(text);
}

export function watchUrl(videoId: string, atSeconds?: number): string {
  const base = `https://www.youtube.com/watch?v=${videoId}`;
  return atSeconds === undefined ? base : `${base}&t=${Math.floor(atSeconds)}s`;
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
