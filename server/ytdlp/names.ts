import { isVideoId, readsAsVideoId } from '../videoId.js';

/*
 * yt-dlp's file names. With its default template a video's files share one base,
 * `%(title)s [%(id)s]`: the details in `<base>.info.json`, each caption track in
 * `<base>.<lang>.<ext>` (`Talk [abcdefghijk].en.vtt`, `... .en-orig.vtt`, `... .de.srt`).
 */

/** Caption formats yt-dlp writes that panelnotes reads, best first (WebVTT keeps YouTube's word times). */
export const CAPTION_EXTENSIONS = ['vtt', 'srv3', 'json3', 'srv1', 'srt'] as const;
export type CaptionExtension = (typeof CAPTION_EXTENSIONS)[number];

/** A caption file's name taken apart: `Talk [abcdefghijk].en-orig.vtt` is base `Talk [abcdefghijk]`, lang `en-orig`, ext `vtt`. */
export interface CaptionFileName {
  name: string;
  base: string;
  /** The track's language as yt-dlp names it (`en`, `en-US`, `en-orig`, `zh-Hans`); absent in `talk.vtt`. */
  lang?: string;
  ext: CaptionExtension;
}

const LANG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*$/;

/**
 * Takes a caption file's name apart, or says it is not one (another extension, an info.json).
 *
 * @example parseCaptionFileName('Talk [abcdefghijk].en-orig.vtt') // { base: 'Talk [abcdefghijk]', lang: 'en-orig', ext: 'vtt', ... }
 */
export function parseCaptionFileName(name: string): CaptionFileName | undefined {
  const dot = name.lastIndexOf('.');
  const ext = name.slice(dot + 1).toLowerCase() as CaptionExtension;
  if (dot <= 0 || !CAPTION_EXTENSIONS.includes(ext)) return undefined;
  const stem = name.slice(0, dot);
  const langDot = stem.lastIndexOf('.');
  const lang = langDot > 0 ? stem.slice(langDot + 1) : '';
  return LANG.test(lang) ? { name, base: stem.slice(0, langDot), lang, ext } : { name, base: stem, ext };
}

/**
 * The YouTube id yt-dlp's default template puts at the end of a file's base, `[id]`.
 *
 * @example bracketedId('KVM Forum 2016 - Talk [abcdefghijk]') // 'abcdefghijk'
 */
export function bracketedId(base: string): string | undefined {
  const inBrackets = /\[([^\]]*)\]$/.exec(base.trim())?.[1];
  return inBrackets !== undefined && isVideoId(inBrackets) ? inBrackets : undefined;
}

/**
 * The YouTube id a file's base names in a folder yt-dlp wrote: `[id]` at its end (the default
 * template), or the base itself when the template was `%(id)s` and it reads as an id.
 *
 * @example idFromBase('KVM Forum 2016 - Talk [abcdefghijk]') // 'abcdefghijk'
 * @example idFromBase('abcdefghijk') // 'abcdefghijk'
 */
export function idFromBase(base: string): string | undefined {
  return bracketedId(base) ?? (readsAsVideoId(base) ? base : undefined);
}

/** `en-orig` is yt-dlp's name for YouTube's automatic captions in the video's own language. */
export const isOriginalAutoTrack = (lang: string): boolean => /-orig$/i.test(lang);

/**
 * The language a track is in, as a record keeps it: yt-dlp's name without `-orig` and without
 * the track suffix YouTube adds when a language has several (`en-nP7-2PuUl7o`).
 *
 * @example trackLanguage('en-orig') // 'en'
 * @example trackLanguage('pt-BR') // 'pt-BR'
 */
export function trackLanguage(lang: string): string {
  const [primary = lang, ...rest] = lang.split('-');
  const kept = [primary.toLowerCase()];
  for (const part of rest) {
    if (/^[A-Za-z]{2}$|^\d{3}$/.test(part)) kept.push(part.toUpperCase());
    else if (/^[A-Za-z]{4}$/.test(part) && part.toLowerCase() !== 'orig') kept.push(part[0]?.toUpperCase() + part.slice(1).toLowerCase());
    else break;
  }
  return kept.join('-');
}

/** Whether a track named `lang` is in the wanted language: its primary subtag, and the region too when one is wanted. */
export function inLanguage(lang: string, wanted: string): boolean {
  const have = trackLanguage(lang).toLowerCase();
  const want = wanted.toLowerCase();
  return have === want || (!want.includes('-') && have.split('-')[0] === want);
}
