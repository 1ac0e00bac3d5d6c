/** Shapes of a video's transcript as the library stores it: one JSON file per video. */

/** Where the words came from; `sample` marks the synthetic stand-in shipped for offline use. */
export type TranscriptSource = 'youtube' | 'file' | 'sample';

/** `manual` captions were written by a person, `asr` ones by YouTube's speech recognition. */
export type CaptionKind = 'manual' | 'asr' | 'unknown';

/** A word whose moment the captions carried (auto-captions' `<00:01:02.345>` or srv3 `<s t>`). */
export interface Word {
  /** Seconds from the start of the video. */
  start: number;
  text: string;
}

/** One caption line, cleaned: plain text, times in seconds. */
export interface Segment {
  start: number;
  duration: number;
  text: string;
  /** Per-word times, where the source had them. */
  words?: Word[];
  /** Voice named by the caption file (`<v Name>`). */
  speaker?: string;
  /** The captions marked a change of speaker here (`>>`), without saying who. */
  turn?: boolean;
}

export interface Panelist {
  name: string;
  affiliation?: string;
  role?: string;
}

/** What is known about the video besides its words; every field is optional. */
export interface VideoMetadata {
  description?: string;
  /** ISO date, e.g. `2016-09-01`. */
  published?: string;
  channel?: string;
  playlist?: string;
  event?: string;
  /** Length as YouTube reports it, in seconds. */
  lengthSeconds?: number;
  panelists?: Panelist[];
  /** The video's own chapters, as its uploader marked them on YouTube (from yt-dlp's info.json). */
  chapters?: VideoChapter[];
}

/** A chapter the uploader marked; seconds. */
export interface VideoChapter {
  start: number;
  end?: number;
  title: string;
}

/**
 * How a transcript was obtained, so a reader can judge it and redo it: which way the captions
 * came, and on YouTube's side which client, format and route. When is the record's `fetchedAt`;
 * manual or automatic is its `captionKind`.
 */
export interface Provenance {
  /**
   * `youtube`: fetched by panelnotes; `yt-dlp`: read from a file yt-dlp wrote; `file`: a caption
   * file imported from the command line; `upload`: one uploaded on the web page.
   */
  via: 'youtube' | 'yt-dlp' | 'file' | 'upload';
  /** YouTube: whose answer listed the captions, `innertube-android` (the player API as the Android app) or `watch-page`. */
  client?: 'innertube-android' | 'watch-page';
  /** The caption format as received or read: `srv1`, `srv3`, `json3`, `webvtt`, `srt`... */
  format?: string;
  /** YouTube: whether the requests went through a proxy (which one is never stored: its URL may hold a password). */
  proxy?: boolean;
  /** YouTube: its EU cookie-consent page was answered on the way. */
  consent?: boolean;
  /** The caption file's name, without its folder. */
  file?: string;
  /** yt-dlp: when it read the video's details (`epoch` in its info.json), ISO. */
  retrievedAt?: string;
  /** yt-dlp: its version, from the info.json. */
  tool?: string;
}

export const TRANSCRIPT_FORMAT_VERSION = 1;

export interface TranscriptRecord {
  formatVersion: typeof TRANSCRIPT_FORMAT_VERSION;
  /** YouTube's id, or a local id for a talk not on YouTube (see server/videoId.ts). */
  videoId: string;
  title: string;
  /** Where the talk can be watched: its YouTube page; for a local talk the URL it was imported with, if any. */
  url?: string;
  /** BCP 47 code of the captions, e.g. `en` or `en-GB`; `und` when unknown. */
  language: string;
  captionKind: CaptionKind;
  source: TranscriptSource;
  /** ISO timestamp of when the captions were fetched or imported. */
  fetchedAt: string;
  /** Shown wherever the transcript is shown, e.g. that it is a synthetic sample. */
  notice?: string;
  /** How the captions were obtained; absent in records saved before panelnotes kept it (and in the sample). */
  provenance?: Provenance;
  metadata: VideoMetadata;
  /** Sorted by start, non-overlapping. */
  segments: Segment[];
}

/** A video the library could not load, with the reason, so the rest still load. */
export interface LibraryProblem {
  path: string;
  problem: string;
}
