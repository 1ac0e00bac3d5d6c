import type { CaptionKind } from '../transcript/types.js';
import type { CaptionTrack } from './types.js';

export type TrackChoice = { track: CaptionTrack; language: string; captionKind: CaptionKind } | { unavailable: string; available: string[] };

/**
 * Picks the caption track to fetch. youtube-transcript takes the first track listed, which is
 * often another language or the auto-generated one; people expect their language, and a track
 * a person wrote over one a machine guessed.
 *
 * Without `lang`: `en`, then any `en-*`, then the first track. With `lang`: that exact code,
 * then its regional variants (`pt` finds `pt-BR`). Among equals, manual before `asr`.
 */
export function chooseTrack(tracks: CaptionTrack[], lang?: string): TrackChoice | undefined {
  if (!tracks.length) return undefined;
  const code = (t: CaptionTrack): string => t.languageCode.toLowerCase();
  const wanted = (lang ?? 'en').toLowerCase();
  let candidates = tracks.filter((t) => code(t) === wanted);
  if (!candidates.length) candidates = tracks.filter((t) => code(t).startsWith(`${wanted}-`));
  if (!candidates.length) {
    if (lang) return { unavailable: lang, available: [...new Set(tracks.map((t) => t.languageCode))] };
    candidates = tracks;
  }
  const track = candidates.find((t) => t.kind !== 'asr') ?? candidates[0];
  if (!track) return undefined; // not reached: `tracks` is not empty, and neither is `candidates`
  return { track, language: track.languageCode, captionKind: track.kind === 'asr' ? 'asr' : 'manual' };
}
