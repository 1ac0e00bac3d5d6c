import { createHash } from 'node:crypto';
import { PanelnotesError } from '../errors.js';
import { localId, onYouTube, parseTalkId, youTubeIdOf } from '../videoId.js';

/*
 * Which talk a caption file is the transcript of, when it comes in: a YouTube video, or a talk
 * not on YouTube (a conference's own recording, a meeting) under a local id (server/videoId.ts).
 */

/** What an import is told about the talk besides its captions. */
export interface TalkOptions {
  /** The talk's title; a local talk without one is named after its file. */
  title?: string;
  /** BCP 47 code of the captions (`en`, `pt-BR`): for files that do not say (SRT), instead of `und`. */
  language?: string;
  /** Where the talk can be watched: a YouTube URL names the video; any other http(s) URL makes a local talk that links there. */
  url?: string;
}

/** The talk an import is for: its id, and for a local talk the URL it links to. */
export interface Talk {
  videoId: string;
  url?: string;
}

/**
 * The talk a caption file belongs to. `video` (a YouTube id or URL, or a local id) wins;
 * without it a YouTube `url` names the video, any other URL makes a local talk keyed by that
 * URL, and with neither the talk is keyed by the file's content. Keys make ids that stay the
 * same, so an import repeated lands on the same talk.
 *
 * @example talkFor(undefined, 'https://media.example.org/keynote.mp4', bytes) // { videoId: 'local-…', url: 'https://media.example.org/keynote.mp4' }
 * @throws PanelnotesError INVALID_VIDEO_ID for a bad `video`, USAGE for a `url` that is not an http(s) URL
 */
export function talkFor(video: string | undefined, url: string | undefined, bytes: Uint8Array): Talk {
  const link = url === undefined || url.trim() === '' ? undefined : webUrl(url.trim());
  if (video !== undefined && video.trim() !== '') {
    const videoId = parseTalkId(video);
    return onYouTube(videoId) || !link ? { videoId } : { videoId, url: link };
  }
  if (link) {
    const youTube = youTubeIdOf(link);
    return youTube ? { videoId: youTube } : { videoId: localId(`url:${link}`), url: link };
  }
  return { videoId: localId(`content:${createHash('sha256').update(bytes).digest('hex')}`) };
}

/**
 * A language code as BCP 47 writes one (`en`, `pt-BR`, `zh-Hant-TW`), or a clear refusal.
 *
 * @example languageCode(' en-gb ') // 'en-gb'
 * @throws PanelnotesError USAGE
 */
export function languageCode(value: string): string {
  const code = value.trim();
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(code))
    throw new PanelnotesError('USAGE', `not a language code: "${value.slice(0, 40)}" (use a BCP 47 code like en, de or pt-BR)`);
  return code;
}

/**
 * A talk's title from its caption file's name when none is given: `keynote.en.vtt` -> `keynote`.
 *
 * @example titleFromFile('/tmp/Opening keynote.en.srt') // 'Opening keynote'
 */
export function titleFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/(?:\.[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)?\.(?:vtt|srt|xml|json3?|srv[123]|ttml|txt)$/i, '').trim() || base;
}

function webUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password)
    throw new PanelnotesError('USAGE', `a talk's URL is the http(s) address where it can be watched, not "${text.slice(0, 100)}"`);
  return url.href;
}
