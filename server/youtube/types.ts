/** Shapes of what YouTube tells us about a video, as far as panelnotes reads it. */
import type { CaptionKind, Provenance, Segment, VideoMetadata } from '../transcript/types.js';
import type { ProxySetting } from '../config.js';

/** One entry of `captions.playerCaptionsTracklistRenderer.captionTracks` in a player response. */
export interface CaptionTrack {
  baseUrl: string;
  languageCode: string;
  /** `asr` for YouTube's automatic captions; absent for ones a person uploaded. */
  kind?: string;
  name?: { simpleText?: string; runs?: { text: string }[] };
  vssId?: string;
}

/** What a player response says about whether the video can be played at all. */
export interface Playability {
  status: string;
  reason?: string;
  subreasons: string[];
}

/** A transcript as fetched from YouTube, before it becomes a library record. */
export interface FetchedTranscript {
  videoId: string;
  title?: string;
  language: string;
  captionKind: CaptionKind;
  segments: Segment[];
  metadata: VideoMetadata;
  /** Which client listed the captions, their format, and whether a proxy or the consent page were on the way. */
  provenance: Provenance;
}

/** The `fetch` the adapter uses; tests pass one that replays recorded responses. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface FetchOptions {
  /** Wanted caption language (`en`, `pt-BR`); default English, then whatever the video has. */
  lang?: string;
  /** The network: the real one unless a test replays recorded answers. */
  fetch?: FetchLike;
  /** Every request to YouTube goes through this proxy (unless its NO_PROXY names YouTube). */
  proxy?: ProxySetting;
  /** Per request; a request that takes longer is abandoned and counts as a transient failure. */
  timeoutMs?: number;
  /** How many times a transient failure (5xx, reset, timeout) is retried. */
  retries?: number;
  /** First retry delay; doubles each time. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}
