import lunr from 'lunr';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { stem, tokenize, type Glossary } from './analyze.js';
import { toPassages } from './passages.js';
import { tagPassages } from './topics.js';
import type { Chapter, Passage, TopicId, TopicVocabulary } from './types.js';

/** Bumped whenever the shape or meaning of a built index changes; older caches are rebuilt. */
export const INDEX_FORMAT_VERSION = 1;

/** lunr's serialized index (`index.toJSON()`), as much of it as we read. */
export interface LunrIndexJson {
  version: string;
  fields: string[];
  fieldVectors: [string, number[]][];
  invertedIndex: [string, { _index: number } & Record<string, Record<string, unknown> | number>][];
  pipeline: string[];
}

/** Everything search needs about one video, as cached on disk. */
export interface VideoIndexData {
  format: typeof INDEX_FORMAT_VERSION;
  /** Hash of what it was built from (transcript, topics, glossary, format): a mismatch rebuilds. */
  key: string;
  videoId: string;
  passages: Passage[];
  /** One topic per passage. */
  topics: TopicId[];
  chapters: Chapter[];
  /** One lunr index per topic present in the video: a topic filter picks shards, not documents. */
  shards: Record<TopicId, LunrIndexJson>;
  /** Distinct words as spoken, each with its stem: what prefix and typo search expand against. */
  words: [string, string][];
}

/**
 * Builds a video's passages, topics, chapters and lunr shards.
 *
 * Only the text is a lunr field. Topic and speaker filters are answered by choosing shards and
 * by passage, outside lunr, which keeps every query as cheap as a plain one. Term positions are
 * not stored (they cost memory in every index); the few results shown are re-read to highlight.
 */
export function buildVideoIndex(record: TranscriptRecord, topics: TopicVocabulary, glossary: Glossary, key: string): VideoIndexData {
  const passages = toPassages(record.videoId, record.segments);
  const tagging = tagPassages(passages, topics, glossary);
  const byTopic = new Map<TopicId, Passage[]>();
  passages.forEach((p, i) => {
    const topic = tagging.topics[i] as TopicId;
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), p]);
  });
  const shards: Record<TopicId, LunrIndexJson> = {};
  for (const [topic, members] of byTopic) shards[topic] = buildShard(members, glossary);
  return {
    format: INDEX_FORMAT_VERSION,
    key,
    videoId: record.videoId,
    passages,
    topics: tagging.topics,
    chapters: tagging.chapters,
    shards,
    words: spokenWords(passages, glossary),
  };
}

function buildShard(passages: Passage[], glossary: Glossary): LunrIndexJson {
  const builder = new lunr.Builder();
  builder.pipeline.add(lunr.stopWordFilter, lunr.stemmer);
  builder.searchPipeline.add(lunr.stemmer);
  // Our tokenizer, so index and query split words, keep `2.7` and apply the glossary alike.
  (builder as unknown as { tokenizer: (text: unknown) => lunr.Token[] }).tokenizer = (text) =>
    tokenize(String(text ?? ''), glossary).map((t) => new lunr.Token(t.word, {}));
  builder.metadataWhitelist = [];
  builder.ref('i');
  builder.field('text');
  for (const passage of passages) builder.add({ i: String(passage.index), text: passage.text });
  return builder.build().toJSON() as unknown as LunrIndexJson;
}

function spokenWords(passages: Passage[], glossary: Glossary): [string, string][] {
  const words = new Map<string, string>();
  for (const passage of passages) for (const { word } of tokenize(passage.text, glossary)) if (!words.has(word)) words.set(word, stem(word));
  return [...words].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
