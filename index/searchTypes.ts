/** Shapes of a search request and the core's answer (the server shows it: server/search/snippets.ts). */
import type { Excerpt } from './highlight.js';
import type { TopicId } from './types.js';

export interface SearchOptions {
  video?: string;
  topic?: TopicId;
  /** Matches a speaker's name in part, case-insensitively (`bonzini`). */
  speaker?: string;
  /** Time window in seconds: passages overlapping it. */
  from?: number;
  to?: number;
  kind?: 'transcript' | 'note';
  /** Only notes written by this user (team mode), by the whole name, case-insensitively (`ada`). */
  author?: string;
  limit?: number;
  offset?: number;
  /** Mark the whole passage rather than an excerpt (the transcript page shows passages whole). */
  wholeText?: boolean;
}

export interface SearchResult {
  /** A passage of the transcript, or a note someone wrote. */
  kind: 'transcript' | 'note';
  videoId: string;
  /** The video's title, at most 200 characters (a longer one is cut, with `…`). */
  title: string;
  /** The passage's position in the video's passage list (for a note: the passage at its moment). */
  passage: number;
  /** For a note: its id and tags. */
  noteId?: string;
  tags?: string[];
  /** For a note written in team mode: who wrote it. */
  author?: string;
  /** The passage's bounds, in seconds. */
  start: number;
  end: number;
  /** Where a link to the video should start: the start of the sentence or utterance holding the best matched word (index/utterance.ts). */
  at: number;
  topic: TopicId;
  /** At most 100 characters (a longer name is cut, with `…`). */
  speaker: string | null;
  /**
   * At most about 300 characters of the passage around the best hit, as plain text with the
   * places of the matched words (the server renders them: the API's `snippet` is its HTML). A
   * result does not carry its passage's whole text: that is in GET /api/videos/:id.
   */
  excerpt: Excerpt;
  /** Comparable across videos: every shard is scored with library-wide term statistics. */
  score: number;
}

export interface SearchResponse {
  query: string;
  total: number;
  results: SearchResult[];
  /** Hits per topic among all matches (before paging). */
  topics: Record<TopicId, number>;
  /** Hits per speaker among all matches (before paging), where one is known. */
  speakers: Record<string, number>;
  /** The syntax was invalid, so the query was read as plain words. */
  fellBack?: { reason: string; position: number };
  /** No passage had every word; these have some of them. */
  relaxed?: boolean;
  /** Anything else the user should know about how the query was read. */
  notice?: string;
}
