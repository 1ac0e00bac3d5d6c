import lunr from 'lunr';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { stem, tokenize, type Glossary } from './analyze.js';
import { toPassages } from './passages.js';
import { tagPassages } from './topics.js';
import { idf, K1, type ShardData } from './shard.js';
import type { Chapter, Passage, TopicId, TopicVocabulary } from './types.js';

/** Bumped whenever the shape or meaning of a built index changes; older caches are rebuilt. */
export const INDEX_FORMAT_VERSION = 5;

/** lunr's serialized index (`index.toJSON()`), as much of it as we read. */
interface LunrIndexJson {
  fieldVectors: [string, number[]][];
  invertedIndex: [string, { _index: number; text?: Record<string, unknown> }][];
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
  shards: Record<TopicId, ShardData>;
  /**
   * Distinct words as spoken, each with its stem, as `word stem` lines sorted by word: what
   * prefix and typo search expand against. One string, because a library has a million of them.
   */
  words: string;
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
    const members = byTopic.get(topic);
    if (members) members.push(p);
    else byTopic.set(topic, [p]);
  });
  const shards: Record<TopicId, ShardData> = {};
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

/** A lunr index over documents (passages, or notes) folded into a ShardData. */
export function buildShard(passages: readonly { index: number; text: string }[], glossary: Glossary): ShardData {
  const builder = new lunr.Builder();
  // No length normalisation (b = 0): passages are all 15-40 s long, so it buys little, and
  // without it a term's weight depends on its passage alone, never on which shard holds it.
  builder.b(0);
  builder.k1(K1);
  builder.pipeline.add(lunr.stopWordFilter, lunr.stemmer);
  builder.searchPipeline.add(lunr.stemmer);
  // Our tokenizer, so index and query split words, keep `2.7` and apply the glossary alike.
  (builder as unknown as { tokenizer: (text: unknown) => lunr.Token[] }).tokenizer = (text) =>
    tokenize(String(text ?? ''), glossary).map((t) => new lunr.Token(t.word, {}));
  builder.metadataWhitelist = [];
  builder.ref('i');
  builder.field('text');
  for (const passage of passages) builder.add({ i: String(passage.index), text: passage.text });
  return toShardData(builder.build().toJSON() as unknown as LunrIndexJson);
}

/**
 * Folds lunr's index into columns (see ShardData). With b = 0 lunr's weight of a term in a
 * passage is `idf * tfWeight(tf)`, rounded to three decimals; dividing the shard's idf out and
 * inverting tfWeight gives back the whole number tf, free of the rounding.
 */
function toShardData(json: LunrIndexJson): ShardData {
  const documents = json.fieldVectors.length;
  const vectors = new Map(json.fieldVectors.map(([ref, elements]) => [ref.slice(ref.indexOf('/') + 1), elements]));
  const data: ShardData = { terms: [], starts: [], passages: [], repeats: [] };
  for (const [term, posting] of [...json.invertedIndex].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const refs = Object.keys(posting.text ?? {});
    if (!refs.length) continue;
    const localIdf = idf(refs.length, documents) || 1;
    data.terms.push(term);
    data.starts.push(data.passages.length);
    for (const ref of refs) {
      const ratio = Math.min(weightOf(vectors.get(ref) ?? [], posting._index) / localIdf, K1 + 0.99);
      const count = Math.max(1, Math.round((K1 * ratio) / (K1 + 1 - ratio)));
      if (count > 1) data.repeats.push(data.passages.length, count);
      data.passages.push(Number(ref));
    }
  }
  data.starts.push(data.passages.length);
  return data;
}

/** A field vector is a flat, index-sorted list of [termIndex, weight] pairs. */
function weightOf(elements: number[], termIndex: number): number {
  let lo = 0;
  let hi = elements.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = elements[mid * 2] as number;
    if (at === termIndex) return elements[mid * 2 + 1] as number;
    if (at < termIndex) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** What search needs of a chunk of notes: its shard and its words (built off the request thread in the server). */
export interface NoteChunkData {
  shard: ShardData;
  words: string;
}

/** Indexes a chunk of notes (`docs` numbered from 0, as the shard's passage indexes). */
export function buildNoteChunk(docs: Passage[], glossary: Glossary): NoteChunkData {
  return { shard: buildShard(docs, glossary), words: spokenWords(docs, glossary) };
}

/** Distinct words of the passages as `word stem` lines, sorted by word (VideoIndexData.words). */
export function spokenWords(passages: Passage[], glossary: Glossary): string {
  const words = new Map<string, string>();
  for (const passage of passages) for (const { word } of tokenize(passage.text, glossary)) if (!words.has(word)) words.set(word, stem(word));
  return [...words.keys()]
    .sort()
    .map((word) => `${word} ${words.get(word)}`)
    .join('\n');
}
