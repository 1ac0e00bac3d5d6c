import lunr from 'lunr';
import { isStopWord, tokenize } from '../index/analyze.js';
import { buildShard, buildVideoIndex, type VideoIndexData } from '../index/build.js';
import { compileQuery } from '../index/compile.js';
import { shardAsLunr, videoAsLunr, type LunrIndexJson } from '../index/lunrExport.js';
import { parseQuery } from '../index/query.js';
import { SearchIndex } from '../index/searchIndex.js';
import { K1 } from '../index/shard.js';
import type { Passage } from '../index/types.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import { loadVocabulary } from '../server/search/vocabulary.js';

const vocabulary = loadVocabulary();
const SAMPLE = 'S6Sjj6OtyvY';
let data: VideoIndexData;
let index: SearchIndex;

beforeAll(async () => {
  const record = await loadTranscript(SAMPLE_DIR, SAMPLE);
  data = buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, 'test');
  index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
  index.add(record, data);
});

/** A shard's passages. */
const passagesOf = (topic: string): Passage[] => data.passages.filter((_, i) => data.topics[i] === topic);

/** The words a user could type to find a shard's passages, as lunr's query syntax takes them (letters and digits). */
function wordsOf(passages: readonly Passage[]): string[] {
  const words = new Set(passages.flatMap((p) => tokenize(p.text, vocabulary.glossary).map((t) => t.word)));
  return [...words].filter((w) => /^[a-z0-9]+$/.test(w) && !isStopWord(w)).sort();
}

describe("a shard in lunr's serialised form", () => {
  // Our search also finds a word's other ways of being written (`blk`: `block`; issue 12): for
  // those words lunr finds the passages saying the word itself, a part of ours.
  it('is what lunr.Index.load takes, and lunr finds the passages our search finds, word by word', () => {
    const shards = videoAsLunr(data);
    expect(Object.keys(shards).sort()).toEqual(Object.keys(data.shards).sort());
    let compared = 0;
    let others = 0;
    for (const [topic, json] of Object.entries(shards)) {
      // Through JSON text, as a static site would fetch it.
      const loaded = lunr.Index.load(JSON.parse(JSON.stringify(json)));
      const words = wordsOf(passagesOf(topic));
      expect(words.length).toBeGreaterThan(10);
      for (const word of words) {
        const theirs = loaded.search(word).map((r) => Number(r.ref));
        const ours = index.search(word, { video: SAMPLE, topic, kind: 'transcript', limit: 10_000 }).results.map((r) => r.passage);
        const [clause] = compileQuery(parseQuery(word).clauses, vocabulary.glossary, index).clauses;
        if (clause?.forms.length === 1) expect([word, theirs.sort((a, b) => a - b)]).toEqual([word, ours.sort((a, b) => a - b)]);
        else {
          expect([word, theirs.filter((p) => !ours.includes(p))]).toEqual([word, []]);
          others++;
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
    expect(others).toBeLessThan(compared / 10);
  });

  it("is what lunr's own builder makes of the same passages: terms, postings and weights", () => {
    for (const topic of Object.keys(data.shards)) {
      const passages = passagesOf(topic);
      const builder = new lunr.Builder();
      builder.b(0);
      builder.k1(K1);
      builder.pipeline.add(lunr.stopWordFilter, lunr.stemmer);
      builder.searchPipeline.add(lunr.stemmer);
      (builder as unknown as { tokenizer: (text: string | null | undefined) => lunr.Token[] }).tokenizer = (text) =>
        tokenize(text ?? '', vocabulary.glossary).map((t) => new lunr.Token(t.word, {}));
      builder.metadataWhitelist = [];
      builder.ref('i');
      builder.field('text');
      for (const p of passages) builder.add({ i: String(p.index), text: p.text });
      const theirs = builder.build().toJSON() as unknown as LunrIndexJson;
      const ours = shardAsLunr(
        buildShard(passages, vocabulary.glossary),
        passages.map((p) => p.index),
      );
      expect(normalised(ours)).toEqual(normalised(theirs));
      expect(ours.pipeline).toEqual(theirs.pipeline);
    }
  });
});

/** A serialised index without lunr's arbitrary term numbering: each term's documents, each document's weight per term. */
function normalised(json: LunrIndexJson): { postings: Record<string, string[]>; weights: Record<string, Record<string, number>> } {
  const termOf = new Map(json.invertedIndex.map(([term, posting]) => [posting._index, term]));
  const postings = Object.fromEntries(json.invertedIndex.map(([term, posting]) => [term, Object.keys(posting.text).sort()]));
  const weights: Record<string, Record<string, number>> = {};
  for (const [ref, elements] of json.fieldVectors) {
    const vector: Record<string, number> = {};
    for (let k = 0; k < elements.length; k += 2) vector[termOf.get(elements[k] as number) as string] = elements[k + 1] as number;
    weights[ref] = vector;
  }
  return { postings, weights };
}
