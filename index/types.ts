/** Shapes of the search core: what it reads (transcripts, segments, notes) and what it makes (passages, topics, chapters). */

/** A stretch of a transcript a reader takes in at a glance: about 15 to 40 seconds, at most 1,000 characters. */
export interface Passage {
  videoId: string;
  /** Position in the video's passage list: `${videoId}:${index}` identifies it. */
  index: number;
  start: number;
  end: number;
  text: string;
  /** Index of the first segment and one past the last, in the transcript's segments (the passages cut from one long segment all name it). */
  segments: [number, number];
  /**
   * Where each segment (or timed word) begins: flat pairs `[offset, second, offset, second, …]`,
   * offsets into `text` ascending. Lets a hit on a word point at the second it was said; flat
   * because a library holds hundreds of thousands of them.
   */
  anchors: number[];
  /**
   * Where the sentences and turns heard in the passage begin (index/breaks.ts), as flat triples
   * `[offset, second, level, …]`, offsets ascending; level 1 a sentence, 2 a turn (a new voice,
   * an answer, the words after a long silence). The first, at offset 0, is the one under way
   * when the passage starts: the passage's own start, or a second up to ten seconds before it
   * where it began in the passage before (none at 0 where it began longer ago). A link to a hit
   * opens at one of them (index/utterance.ts). Absent on notes.
   */
  utterances?: number[];
  speaker: string | null;
}

export type TopicId = string;

/** One topic of `index/topics.json`: editable, so another talk can be tuned without code. */
export interface TopicDefinition {
  id: TopicId;
  label: string;
  description: string;
  /** Single words and their weight; matched after stemming, so `migrate` covers `migration`. */
  terms: Record<string, number>;
  /** Multi-word phrases and their weight, matched on the normalised word sequence. */
  phrases: Record<string, number>;
}

export interface TopicVocabulary {
  /**
   * Topic given to passages that no topic claims; its own words (welcomes, housekeeping,
   * thanks) count for it, where given.
   */
  fallback: { id: TopicId; label: string; description: string; terms?: Record<string, number>; phrases?: Record<string, number> };
  topics: TopicDefinition[];
  /** Phrases that change the subject ("next question", "let's move on"), each with how surely it does, 0 to 1. */
  transitions?: Record<string, number>;
}

/** A run of the video under one topic. */
export interface Chapter {
  topic: TopicId;
  start: number;
  end: number;
  /**
   * How sure the tagging is, 0 to 1: how far the chapter's own words favour its topic over the
   * next best, and how clearly its start is marked (an announced transition, a change of subject).
   */
  confidence: number;
  /** What the chapter is about, in words said in it: `Hardware features: posted interrupts, APICv` (index/titles.ts). */
  title: string;
}

/**
 * Where a chapter starts inside the transcript: a segment, and the offset of a word in its text
 * as passages hold it (segmentText). Passages are cut there, so none straddles two chapters.
 */
export interface Cut {
  segment: number;
  offset: number;
}

/** A chapter as tagging finds it, before its title is chosen from its words (index/titles.ts). */
export type ChapterSpan = Omit<Chapter, 'title'>;

/**
 * What the core reads of a caption line: the shape of server/transcript's Segment, which fits
 * it. The core has its own so it depends on nothing outside index/ (it also runs in a browser).
 */
export interface Segment {
  /** Seconds from the start of the video. */
  start: number;
  duration: number;
  text: string;
  /** Per-word times, where the captions had them. */
  words?: { start: number; text: string }[];
  /** Voice named by the caption file (`<v Name>`). */
  speaker?: string;
  /** The captions marked a change of speaker here (`>>`). */
  turn?: boolean;
}

/** What the core reads of a video's transcript (server/transcript's TranscriptRecord fits it). */
export interface Transcript {
  videoId: string;
  title: string;
  segments: readonly Segment[];
}

/** What the core reads of a note (server/notes' Note fits it): a moment or a span, its text and tags. */
export interface NoteRecord {
  id: string;
  videoId: string;
  start: number;
  end?: number;
  text: string;
  tags: string[];
  /** Who wrote it (team mode): `author:NAME` finds it. */
  author?: string;
}
