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
  metadata: VideoMetadata;
  /** Sorted by start, non-overlapping. */
  segments: Segment[];
}

/** A video the library could not load, with the reason, so the rest still load. */
export interface LibraryProblem {
  path: string;
  problem: string;
}
