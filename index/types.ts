/** Shapes of the search layer: passages, topics, chapters, and what a search returns. */

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
  /** Topic given to passages that no topic claims. */
  fallback: { id: TopicId; label: string; description: string };
  topics: TopicDefinition[];
}

/** A run of the video under one topic. */
export interface Chapter {
  topic: TopicId;
  start: number;
  end: number;
}
