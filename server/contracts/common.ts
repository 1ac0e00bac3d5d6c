/**
 * The small shapes every part of the JSON API shares: ids, times, topics, and the one error
 * body. Like every file in server/contracts/, these zod schemas are the API's contract: the
 * OpenAPI document is generated from them (openapi.ts) and the TypeScript types the routes
 * answer with are inferred from them, so the document cannot say one thing and the code another.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { TALK_ID } from '../videoId.js';

/** A talk's id, as every path and answer carries it: YouTube's, or a local one (server/videoId.ts). */
export const videoIdSchema = z
  .string()
  .regex(TALK_ID)
  .describe("YouTube's 11-character video id, or for a talk not on YouTube a local id: `local-` and 16 hex digits (never 11 characters)");

/** Seconds from the start of a video. */
export const secondsSchema = z.number().min(0);

/** An ISO 8601 timestamp, as `Date.toISOString()` writes it (an import may keep its own offset). */
export const timestampSchema = z.iso.datetime({ offset: true });

/** A topic id: one of index/topics.json's, or its fallback. */
export const topicSchema = z.string().describe('security, hardware, process, general, or one added in index/topics.json');

/** A run of the video under one topic, titled by what is said in it. */
export const chapterSchema = z.object({
  topic: topicSchema,
  start: secondsSchema,
  end: secondsSchema,
  title: z.string().describe("the topic's label and the chapter's most distinctive phrases, all said in it: `Hardware features: posted interrupts, APICv`"),
  confidence: z
    .number()
    .min(0)
    .max(1)
    .describe("How sure the chapter's topic is, 0 to 1: how far its words favour it over the next best, and how clearly its start is marked."),
});

/** Every error code of server/errors.ts: the CLI's and the API's one vocabulary. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];
export const errorCodeSchema = z.enum(ERROR_CODE_LIST).describe('what happened, one of server/errors.ts; each has one HTTP status (see the error responses)');

/**
 * The body of every API error: `{error: {code, message, hint?}}`, the status saying what
 * happened (see ERROR_CODES), never a stack.
 */
export const errorSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string().describe('one line saying what is wrong'),
    hint: z.string().optional().describe('what to do about it, where there is something to do'),
  }),
  current: z
    .unknown()
    .optional()
    .describe('with CONFLICT (409): what stands now, e.g. the note as it is after the change made since the version the writer saw'),
});
export type ErrorBody = z.infer<typeof errorSchema>;

/**
 * `true` exactly when A and B are the same type (not merely assignable either way): the
 * compile-time check that a type written by hand still matches the contract's.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * Compiles only when its type arguments are the same type.
 *
 * @example sameType<SearchResponse, z.infer<typeof searchResponseSchema>>(true)
 */
export function sameType<A, B>(proof: Same<A, B>): void {
  void proof;
}
