/**
 * Search in the JSON API: GET /api/search's parameters and answer. The answer's TypeScript
 * shape is server/search/snippets.ts's ShownResponse (the core's results with their snippet
 * rendered); the checks at the end of this file make it a compile error for the two to differ.
 */
import { z } from 'zod';
import type { ShownResponse as SearchResponse, ShownResult as SearchResult } from '../search/snippets.js';
import { sameType, secondsSchema, topicSchema, videoIdSchema } from './common.js';

/** The query parameters (limits as server/routes/params.ts reads them; the contract test tries each bound). */
export const searchQuerySchema = z.object({
  q: z.string().max(500).describe('Words, "phrase", +must, -exclude, prefix*, typo~1, topic:, speaker:, video:, kind:'),
  video: videoIdSchema.optional().describe('only this video'),
  topic: z.string().max(500).optional().describe('only passages of this topic'),
  speaker: z.string().max(500).optional().describe('only passages of a speaker whose name contains this (any case)'),
  from: z.string().max(20).optional().describe('only passages overlapping from this moment: seconds, m:ss or h:mm:ss'),
  to: z.string().max(20).optional().describe('only passages overlapping up to this moment: seconds, m:ss or h:mm:ss'),
  limit: z.int().min(1).max(100).default(10).describe('results per answer'),
  offset: z.int().min(0).max(10_000).default(0).describe('results to skip (paging)'),
});

export const searchResultSchema = z.object({
  kind: z.enum(['transcript', 'note']).describe('a passage of the transcript, or a note someone wrote'),
  videoId: videoIdSchema,
  title: z.string().max(200).describe("the video's title, cut to 200 characters (ending in …) if longer"),
  passage: z.int().min(0).describe("the passage's position in the video's passage list (for a note: the passage at its moment)"),
  noteId: z.string().optional().describe('for a note: its id'),
  tags: z.array(z.string()).optional().describe('for a note: its tags'),
  author: z.string().optional().describe("for a note written in team mode: who wrote it (a user's name)"),
  start: secondsSchema.describe("the passage's start"),
  end: secondsSchema.describe("the passage's end"),
  at: secondsSchema.describe('start of the sentence or utterance holding the best matched word (at most 10 s before it); url points here'),
  topic: topicSchema,
  speaker: z.string().max(100).nullable().describe('cut to 100 characters (ending in …) if longer'),
  speakerSuggested: z.literal(true).optional().describe('the speaker was suggested from the captions and nobody has confirmed it yet'),
  snippet: z
    .string()
    .max(4000)
    .describe(
      'HTML-escaped excerpt of at most about 300 characters of the passage around its best hit, matched words in <mark>, ' +
        "… where text is left out. The passage's whole text is in GET /api/videos/{id}.",
    ),
  url: z
    .string()
    .describe(
      "the video at `at`: YouTube's watch page; for a talk not on YouTube its media URL with `#t=`, its page, or this server's transcript page (a path) when it has no URL",
    ),
  sample: z.boolean().describe("from a synthetic sample transcript (the video's `notice` says so): its words are nobody's"),
  score: z.number().describe('comparable across videos: every shard is scored with library-wide term statistics'),
});

export const searchResponseSchema = z.object({
  query: z.string(),
  total: z.int().min(0).describe('matches in all (results is one page of them)'),
  results: z.array(searchResultSchema).describe('best first'),
  topics: z.record(topicSchema, z.int().min(0)).describe('matches per topic, before paging'),
  speakers: z.record(z.string(), z.int().min(0)).describe('matches per speaker, before paging, where the captions or speaker turns name one'),
  fellBack: z
    .object({ reason: z.string(), position: z.int() })
    .optional()
    .describe('the syntax was invalid (reason, at position), so the query was read as plain words'),
  relaxed: z.boolean().optional().describe('no passage had every word; these have some of them'),
  notice: z.string().optional().describe('anything else to know about how the query was read'),
});

// What the API answers is the core's results as server/search/snippets.ts shows them; the two must stay one shape.
sameType<SearchResult, z.infer<typeof searchResultSchema>>(true);
sameType<SearchResponse, z.infer<typeof searchResponseSchema>>(true);
