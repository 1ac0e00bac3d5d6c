/** Shapes of caption files once parsed, before they become a transcript's segments. */
import type { Word } from '../transcript/types.js';

export type CaptionFormat = 'webvtt' | 'srt' | 'timedtext' | 'srv3' | 'json3' | 'json';

/** A word or run of words that the file gave a time (`start` undefined: time unknown). */
export interface Token {
  text: string;
  start?: number;
}

/** One cue as the file states it, text already plain (markup removed, entities decoded). */
export interface Cue {
  start: number;
  end: number;
  text: string;
  /** Present when the file timed individual words. */
  words?: Word[];
  speaker?: string;
  /** A `>>` marker: someone else starts speaking at this word of `text` (0: the first). */
  turnAt?: number;
  /** 1-based line of the cue's timing in the file, where known. */
  line?: number;
}

/** A cue the parser could not use, and why; reported to the user, never fatal on its own. */
export interface SkippedCue {
  line?: number;
  reason: string;
}

export interface ParsedCaptions {
  format: CaptionFormat;
  cues: Cue[];
  skipped: SkippedCue[];
  /** Language the file declares (WebVTT `Language:` header, timedtext attributes). */
  language?: string;
  /** The file is an export of panelnotes's synthetic sample: its notice (see sampleMark.ts). */
  sample?: string;
}
