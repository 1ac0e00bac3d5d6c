import { z } from 'zod';
import type { VideoIndexData } from './build.js';
import type { ShardData } from './shard.js';
import type { Passage, TopicId } from './types.js';

/**
 * What a cached index must satisfy before search trusts it. The cache is ours, but it is a
 * file on disk: a damaged or hand-made one must cost a rebuild, never a crash at start-up or
 * hits on the wrong passage. Checked here: the shape (zod), then what search relies on that a
 * shape cannot say: every posting names a passage of the video and of its shard's topic, each
 * term's postings are a range of them, lengths agree, passage ends rise (passageAt halves
 * them), anchors point into their passage's text, topics are the vocabulary's.
 *
 * Extra fields are let through (a later index format may add some); missing or wrong ones are not.
 */
export interface CacheExpectation {
  videoId: string;
  /** How many segments the transcript has: what passages' `segments` ranges may span. */
  segments: number;
  /** Every topic id of the vocabulary, the fallback included. */
  topics: readonly TopicId[];
}

const seconds = z.number().nonnegative(); // zod 4 numbers are finite

/**
 * The long parts (passages, postings) are lists to zod and checked element by element in the
 * loops below, which check their consistency anyway: zod per element would add half the time
 * a 100-hour library takes to load from its cache.
 */
const list = z.custom<unknown[]>((v) => Array.isArray(v), 'expected a list');

const chapter = z.looseObject({ topic: z.string(), start: seconds, end: seconds, title: z.string(), confidence: z.number().min(0).max(1) });

const shard = z.looseObject({ terms: list, starts: list, passages: list, repeats: list });

const shape = z.looseObject({
  format: z.number(),
  key: z.string(),
  videoId: z.string(),
  passages: list,
  topics: list,
  chapters: z.array(chapter),
  // Its keys are checked against the vocabulary below, each shard then on its own.
  shards: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object of shards'),
  words: z.string(),
});

/** Field names a message may show; anything else in a path (a key from the file) is not quoted. */
const FIELDS = new Set([
  'format',
  'key',
  'videoId',
  'passages',
  'topics',
  'chapters',
  'topic',
  'start',
  'end',
  'title',
  'shards',
  'terms',
  'starts',
  'repeats',
  'words',
]);

/**
 * Checks a parsed cache file against the video it should index.
 * @returns the data, or the first problem found, phrased without quoting the file
 * @example checkIndexData({ ...data, shards: null }, expected) // => { problem: 'shards: expected an object of shards' }
 */
export function checkIndexData(value: unknown, expected: CacheExpectation): { data: VideoIndexData } | { problem: string } {
  const parsed = shape.safeParse(value);
  if (!parsed.success) return { problem: describe(parsed.error.issues[0], expected.topics) };
  // The value itself from here on, not zod's copy of it: nothing is transformed, and the
  // file's own objects are what is checked and what search keeps.
  const data = value as z.infer<typeof shape>;
  const topics = new Set(expected.topics);
  if (data.videoId !== expected.videoId) return { problem: 'videoId: not the video it is cached for' };
  const problem =
    checkPassages(data.passages, data.videoId, expected.segments) ??
    checkTopics(data.topics, data.passages.length, topics) ??
    checkChapters(data.chapters, topics) ??
    checkShards(data.shards, data.topics as TopicId[], topics);
  return problem ? { problem } : { data: value as VideoIndexData };
}

const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isIndex = (v: unknown, below: number): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < below;

/** Each passage as Passage says, numbered in order, ends rising, anchors and utterance starts inside its text. */
function checkPassages(passages: unknown[], videoId: string, segments: number): string | undefined {
  let previousEnd = 0;
  for (let i = 0; i < passages.length; i++) {
    const at = `passages[${i}]`;
    const p = passages[i] as Partial<Record<keyof Passage, unknown>> | null;
    if (typeof p !== 'object' || p === null) return `${at}: not a passage`;
    if (p.index !== i || p.videoId !== videoId) return `${at}: not passage ${i} of this video`;
    if (typeof p.text !== 'string') return `${at}.text: not text`;
    if (p.speaker !== null && typeof p.speaker !== 'string') return `${at}.speaker: not a name`;
    if (!isSeconds(p.start) || !isSeconds(p.end) || p.end < p.start) return `${at}: not a time span`;
    // passageAt finds the passage playing at a moment by halving: ends must rise.
    if (p.end < previousEnd) return `${at}: ends before the passage before it`;
    previousEnd = p.end;
    const range = p.segments;
    if (!Array.isArray(range) || range.length !== 2 || !isIndex(range[0], segments + 1) || !isIndex(range[1], segments + 1) || range[0] > range[1])
      return `${at}.segments: not a range of the transcript's ${segments} segments`;
    const anchors = checkTuples(p.anchors, 2, p.text.length);
    if (anchors) return `${at}.anchors: ${anchors}`;
    const utterances = checkTuples(p.utterances, 3, p.text.length);
    if (utterances) return `${at}.utterances: ${utterances}`;
  }
  return undefined;
}

/**
 * Flat tuples `[offset, second, …]` (anchors: pairs; utterances: triples ending in a level of
 * 1 or 2): offsets into a text of `length` characters, ascending.
 */
function checkTuples(values: unknown, width: 2 | 3, length: number): string | undefined {
  if (!Array.isArray(values) || values.length % width) return `not ${width === 2 ? 'offset and second pairs' : 'offset, second and level triples'}`;
  for (let k = 0; k < values.length; k += width) {
    if (!isIndex(values[k], length + 1) || (k > 0 && values[k] < values[k - width]) || !isSeconds(values[k + 1]))
      return "offsets outside the passage's text or out of order";
    if (width === 3 && values[k + 2] !== 1 && values[k + 2] !== 2) return 'a level other than 1 (sentence) or 2 (turn)';
  }
  return undefined;
}

function checkTopics(list: unknown[], passages: number, topics: Set<TopicId>): string | undefined {
  if (list.length !== passages) return `topics: ${list.length} topics for ${passages} passages`;
  for (let i = 0; i < list.length; i++) if (!topics.has(list[i] as TopicId)) return `topics[${i}]: a topic the vocabulary does not have`;
  return undefined;
}

function checkChapters(chapters: { topic: string; start: number; end: number }[], topics: Set<TopicId>): string | undefined {
  for (const [i, c] of chapters.entries()) {
    if (!topics.has(c.topic)) return `chapters[${i}].topic: a topic the vocabulary does not have`;
    if (c.end < c.start) return `chapters[${i}]: ends before it starts`;
  }
  return undefined;
}

/**
 * Each shard as ShardData says: sorted distinct terms, each term's postings the range
 * `starts[t]..starts[t + 1]`, every posting a passage of the video, of the shard's topic, at
 * most once per term; repeats pair a posting with a count above one.
 */
function checkShards(shards: Record<string, unknown>, passageTopics: TopicId[], topics: Set<TopicId>): string | undefined {
  const count = passageTopics.length;
  const seen = new Int32Array(count);
  for (const topic of Object.keys(shards)) {
    if (!topics.has(topic)) return 'shards: a shard of a topic the vocabulary does not have';
    const checked = shard.safeParse(shards[topic]);
    if (!checked.success) return describe(checked.error.issues[0], [...topics], ['shards', topic]);
    const s = shards[topic] as Record<keyof ShardData, unknown[]>;
    const at = `shards.${topic}`;
    const { terms, starts, passages, repeats } = s;
    for (let t = 0; t < terms.length; t++)
      if (typeof terms[t] !== 'string' || (t > 0 && (terms[t - 1] as string) >= (terms[t] as string))) return `${at}.terms: not words in order, each once`;
    if (starts.length !== terms.length + 1 || starts[0] !== 0 || starts[terms.length] !== passages.length)
      return `${at}.starts: ${starts.length} starts for ${terms.length} terms and ${passages.length} postings`;
    seen.fill(0);
    for (let t = 0; t < terms.length; t++) {
      const from = starts[t] as number;
      const to = starts[t + 1];
      if (!isIndex(to, passages.length + 1) || to < from) return `${at}.starts[${t + 1}]: not a posting, or out of order`;
      for (let k = from; k < to; k++) {
        const p = passages[k];
        if (!isIndex(p, count)) return `${at}.passages[${k}]: not one of the video's ${count} passages`;
        if (passageTopics[p] !== topic) return `${at}.passages[${k}]: a passage of another topic`;
        if (seen[p] === t + 1) return `${at}.passages[${k}]: the same passage twice for one term`;
        seen[p] = t + 1;
      }
    }
    if (repeats.length % 2) return `${at}.repeats: not posting and count pairs`;
    for (let k = 0; k < repeats.length; k += 2)
      if (!isIndex(repeats[k], passages.length) || !Number.isInteger(repeats[k + 1]) || (repeats[k + 1] as number) < 2)
        return `${at}.repeats[${k}]: not a posting of the shard with a count above one`;
  }
  return undefined;
}

/** A zod issue as `path: message`, quoting no key or value taken from the file. */
function describe(issue: z.core.$ZodIssue | undefined, topics: readonly TopicId[], prefix: PropertyKey[] = []): string {
  if (!issue) return 'invalid';
  const path = [...prefix, ...issue.path]
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${FIELDS.has(String(part)) || topics.includes(String(part)) ? String(part) : '…'}`,
    )
    .join('');
  const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  return `${path ? `${path}: ` : ''}${message}`;
}
