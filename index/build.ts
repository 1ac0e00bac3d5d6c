import { isStopWord, stem, tokenize, type Glossary } from './analyze.js';
import { toPassages } from './passages.js';
import type { ShardData } from './shard.js';
import { passageTerms, readTalkWords, wordLines } from './talkWords.js';
import { titleChapters } from './titles.js';
import { passageTopics, tagTranscript } from './topics.js';
import type { Chapter, ChapterSpan, Passage, TopicId, TopicVocabulary, Transcript } from './types.js';

/**
 * Building a video's index: passages, topics, chapters, and one shard per topic. What goes
 * into a shard is what lunr's builder would put there: each passage's words through lunr's
 * pipeline (tokenizer, stop word filter, stemmer), counted per passage. The counts are kept as
 * they are (ShardData); the BM25 weights are made from them at search time, with library-wide
 * statistics, and lunr's own serialised index can be made from them too (lunrExport.ts).
 */

/** Bumped whenever the shape or meaning of a built index changes; older caches are rebuilt. */
export const INDEX_FORMAT_VERSION = 9;

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
  /** One shard per topic present in the video: a topic filter picks shards, not documents. */
  shards: Record<TopicId, ShardData>;
  /**
   * Distinct words as spoken, each with its stem, as `word stem` lines sorted by word: what
   * prefix and typo search expand against. One string, because a library has a million of them.
   */
  words: string;
}

/**
 * Builds a video's passages, topics, chapters and shards.
 *
 * Only the text is indexed. Topic and speaker filters are answered by choosing shards and by
 * passage, outside the shards, which keeps every query as cheap as a plain one. Word positions
 * are not stored (they cost memory in every index); the few results shown are re-read to mark.
 *
 * @example buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, key).shards.security.terms // ['abi', 'access', …]
 */
export function buildVideoIndex(record: Transcript, topics: TopicVocabulary, glossary: Glossary, key: string): VideoIndexData {
  const { passages, passageTopic, spans } = tagAndCut(record, topics, glossary);
  // The words are read once: for the chapters' titles, the shards' terms and the list of spoken words.
  const talkWords = readTalkWords(passages, glossary);
  const chapters = titleChapters(passages, spans, topics, glossary, talkWords);
  const byTopic = new Map<TopicId, Passage[]>();
  passages.forEach((p, i) => {
    const topic = passageTopic[i] as TopicId;
    const members = byTopic.get(topic);
    if (members) members.push(p);
    else byTopic.set(topic, [p]);
  });
  const shards: Record<TopicId, ShardData> = {};
  // A passage's terms from the words already read (the same as indexTerms gives: tests/talkWords.test.ts).
  for (const [topic, members] of byTopic) shards[topic] = buildShard(members, glossary, (doc) => passageTerms(talkWords, doc.index));
  return {
    format: INDEX_FORMAT_VERSION,
    key,
    videoId: record.videoId,
    passages,
    topics: passageTopic,
    chapters,
    shards,
    words: wordLines(talkWords),
  };
}

/**
 * A transcript's chapters (cut by tagTranscript), its passages cut where they start, and each
 * passage's topic.
 */
function tagAndCut(record: Transcript, topics: TopicVocabulary, glossary: Glossary): { passages: Passage[]; passageTopic: TopicId[]; spans: ChapterSpan[] } {
  const { chapters: spans, cuts } = tagTranscript(record.segments, topics, glossary);
  const passages = toPassages(record.videoId, record.segments, {}, cuts);
  return { passages, passageTopic: passageTopics(passages, spans), spans };
}

/**
 * A transcript's chapters with their titles, and its passages with their topics: what a notes
 * export shows without building an index (buildVideoIndex does the same, sharing its reading of
 * the words).
 *
 * @example chapterTranscript(record, vocabulary.topics, vocabulary.glossary).chapters[1]
 *   // { topic: 'security', start: 238, end: 1195, confidence: 0.97, title: 'Security: seccomp, sandbox' }
 */
export function chapterTranscript(
  record: Transcript,
  topics: TopicVocabulary,
  glossary: Glossary,
): { passages: Passage[]; topics: TopicId[]; chapters: Chapter[] } {
  const { passages, passageTopic, spans } = tagAndCut(record, topics, glossary);
  return { passages, topics: passageTopic, chapters: titleChapters(passages, spans, topics, glossary) };
}

/**
 * The terms of a text as lunr's builder indexes them (`builder.pipeline`): our tokenizer (lunr's
 * rules, plus the glossary), then lunr.stopWordFilter, then lunr.stemmer, in that order. A
 * query's words go through the same steps (compile.ts), so they meet the index's terms.
 *
 * @example indexTerms('The posted interrupts', glossary) // ['post', 'interrupt']
 */
export function indexTerms(text: string, glossary: Glossary): string[] {
  const terms: string[] = [];
  for (const { word } of tokenize(text, glossary)) if (!isStopWord(word)) terms.push(stem(word));
  return terms;
}

/**
 * A shard over documents (passages, or notes): each term's documents and how often it occurs in
 * each, counted as lunr's builder counts them (`fieldTermFrequencies`). Documents are taken in
 * order, so each term's postings come out in document order; terms are then sorted.
 *
 * @example buildShard([{ index: 0, text: 'migration, live migration' }], glossary)
 *   // { terms: ['live', 'migrat'], starts: [0, 1, 2], passages: [0, 0], repeats: [1, 2] }
 */
export function buildShard(
  documents: readonly { index: number; text: string }[],
  glossary: Glossary,
  termsOf: (doc: { index: number; text: string }) => Iterable<string> = (doc) => indexTerms(doc.text, glossary),
): ShardData {
  // term -> flat [document, count, document, count, …]
  const postings = new Map<string, number[]>();
  const counts = new Map<string, number>();
  for (const doc of documents) {
    counts.clear();
    for (const term of termsOf(doc)) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      const list = postings.get(term);
      if (list) list.push(doc.index, count);
      else postings.set(term, [doc.index, count]);
    }
  }
  const data: ShardData = { terms: [...postings.keys()].sort(), starts: [], passages: [], repeats: [] };
  for (const term of data.terms) {
    const list = postings.get(term) as number[];
    data.starts.push(data.passages.length);
    for (let k = 0; k < list.length; k += 2) {
      const count = list[k + 1] as number;
      if (count > 1) data.repeats.push(data.passages.length, count);
      data.passages.push(list[k] as number);
    }
  }
  data.starts.push(data.passages.length);
  return data;
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

/**
 * Distinct words of the passages as `word stem` lines, sorted by word (VideoIndexData.words).
 *
 * @example spokenWords([{ text: 'Live migration' }], glossary) // 'live live\nmigration migrat'
 */
export function spokenWords(passages: readonly Pick<Passage, 'text'>[], glossary: Glossary): string {
  const words = new Map<string, string>();
  for (const passage of passages) for (const { word } of tokenize(passage.text, glossary)) if (!words.has(word)) words.set(word, stem(word));
  return [...words.keys()]
    .sort()
    .map((word) => `${word} ${words.get(word)}`)
    .join('\n');
}
