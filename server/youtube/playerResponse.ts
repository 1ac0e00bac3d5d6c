import type { VideoMetadata } from '../transcript/types.js';
import type { CaptionTrack, Playability } from './types.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The caption tracks a player response lists (empty when captions are off or absent). */
export function captionTracks(player: Json): CaptionTrack[] {
  const captions = player.captions as Json | undefined;
  const renderer = captions?.playerCaptionsTracklistRenderer as Json | undefined;
  const tracks = renderer?.captionTracks;
  return Array.isArray(tracks)
    ? tracks.filter((t): t is CaptionTrack => isObject(t) && typeof t.baseUrl === 'string' && typeof t.languageCode === 'string')
    : [];
}

/** A copy of the player response listing only `track`, so the library fetches that one. */
export function withOnlyTrack(player: Json, track: CaptionTrack | undefined): Json {
  const captions = (player.captions ?? {}) as Json;
  const renderer = (captions.playerCaptionsTracklistRenderer ?? {}) as Json;
  return {
    ...player,
    captions: { ...captions, playerCaptionsTracklistRenderer: { ...renderer, captionTracks: track ? [track] : [] } },
  };
}

export function playability(player: Json): Playability | undefined {
  const status = player.playabilityStatus as Json | undefined;
  if (!status || typeof status.status !== 'string') return undefined;
  const screen = (status.errorScreen as Json | undefined)?.playerErrorMessageRenderer as Json | undefined;
  const runs = ((screen?.subreason as Json | undefined)?.runs ?? []) as { text?: string }[];
  return {
    status: status.status,
    ...(typeof status.reason === 'string' ? { reason: status.reason } : {}),
    subreasons: runs.map((r) => r.text?.trim() ?? '').filter(Boolean),
  };
}

export function videoMetadata(player: Json): { title?: string; metadata: VideoMetadata } {
  const details = (player.videoDetails ?? {}) as Json;
  const micro = ((player.microformat as Json | undefined)?.playerMicroformatRenderer ?? {}) as Json;
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
  const length = Number(details.lengthSeconds);
  const metadata: VideoMetadata = {};
  const description = text(details.shortDescription);
  const channel = text(details.author);
  const published = text(micro.publishDate);
  if (description) metadata.description = description;
  if (channel) metadata.channel = channel;
  if (published) metadata.published = published.slice(0, 10);
  if (Number.isFinite(length) && length > 0) metadata.lengthSeconds = length;
  const title = text(details.title);
  return { ...(title ? { title } : {}), metadata };
}

const INLINE_PLAYER = 'var ytInitialPlayerResponse = ';

/**
 * Finds the player response a watch page embeds as `var ytInitialPlayerResponse = {...};`.
 * Returns where it sits so a rewritten copy can be put back in its place.
 */
export function inlinePlayerResponse(html: string): { value: Json; start: number; end: number } | undefined {
  const start = html.indexOf(INLINE_PLAYER);
  if (start < 0) return undefined;
  const from = start + INLINE_PLAYER.length;
  const end = balancedObjectEnd(html, from);
  if (end === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(html.slice(from, end));
    return isObject(value) ? { value, start: from, end } : undefined;
  } catch {
    return undefined;
  }
}

/** Index just past the `}` closing the object at `from`, minding strings and escapes. */
function balancedObjectEnd(text: string, from: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return undefined;
}

/**
 * JSON for putting back into a watch page. youtube-transcript finds the end of the embedded
 * object by counting braces, strings included, so braces inside strings are written as
 * `\u007b` and `\u007d`: the same JSON, invisible to the count.
 */
export function embeddableJson(value: unknown): string {
  const json = JSON.stringify(value);
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i] as string;
    if (inString && ch === '\\') {
      out += ch + (json[++i] ?? '');
      continue;
    }
    if (ch === '"') inString = !inString;
    out += inString && (ch === '{' || ch === '}') ? (ch === '{' ? '\\u007b' : '\\u007d') : ch;
  }
  return out;
}
