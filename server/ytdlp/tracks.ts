import type { CaptionKind } from '../transcript/types.js';
import type { VideoInfo } from './info.js';
import { CAPTION_EXTENSIONS, inLanguage, isOriginalAutoTrack, trackLanguage, type CaptionFileName } from './names.js';

/** One caption file yt-dlp wrote for a video. */
export interface TrackFile extends CaptionFileName {
  path: string;
}

export interface ChosenTrack {
  file: TrackFile;
  captionKind: CaptionKind;
  /** The record's language (`en`, `pt-BR`), `und` for a file whose name gives none. */
  language: string;
}

/**
 * Whether a track is one a person wrote or YouTube's automatic one. yt-dlp writes both under
 * the same name (`.en.vtt`), a person's when there is one (its subtitles win over automatic
 * captions of the same language), so the info.json beside it tells; without one, only
 * `-orig` (YouTube's automatic track in the video's own language) says it by name.
 *
 * @example trackKind('en', info) // 'manual' when info.subtitles has `en`
 * @example trackKind('en-orig') // 'asr'
 */
export function trackKind(lang: string | undefined, info?: VideoInfo): CaptionKind {
  if (lang && info?.manual.has(lang)) return 'manual';
  if (lang && (info?.automatic.has(lang) || isOriginalAutoTrack(lang))) return 'asr';
  return 'unknown';
}

const KIND_RANK: Record<CaptionKind, number> = { manual: 0, unknown: 1, asr: 2 };

/**
 * The best track of one video in the wanted language (English unless told), as a careful
 * yt-dlp user picks: a person's captions over YouTube's automatic ones; among automatic ones
 * the original (`en-orig`) over a possible machine translation (`en`); the exact language over
 * a regional one; WebVTT over the other formats. A file named without a language is taken
 * only when nothing names the wanted one.
 *
 * @returns the track, or the languages there are when none is in the wanted one
 */
export function chooseTrackFile(files: TrackFile[], wanted = 'en', info?: VideoInfo): ChosenTrack | { unavailable: string[] } {
  const named = files.filter((f) => f.lang !== undefined && inLanguage(f.lang, wanted));
  const candidates = named.length ? named : files.filter((f) => f.lang === undefined);
  const rank = (f: TrackFile): number[] => {
    const kind = trackKind(f.lang, info);
    const lang = f.lang ?? '';
    const exact = trackLanguage(lang).toLowerCase() === wanted.toLowerCase();
    const langRank = kind === 'asr' && isOriginalAutoTrack(lang) ? 0 : exact ? 1 : 2;
    return [KIND_RANK[kind], langRank, CAPTION_EXTENSIONS.indexOf(f.ext)];
  };
  const best = candidates.map((f) => ({ f, r: rank(f) })).sort((a, b) => compare(a.r, b.r) || a.f.name.localeCompare(b.f.name))[0]?.f;
  if (!best) return { unavailable: [...new Set(files.map((f) => f.lang ?? '?'))].sort() };
  return { file: best, captionKind: trackKind(best.lang, info), language: best.lang ? trackLanguage(best.lang) : 'und' };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
