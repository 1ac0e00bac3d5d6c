import lunr from 'lunr';
import type { VideoIndexData } from './build.js';
import { idf, K1, type ShardData } from './shard.js';
import type { TopicId } from './types.js';

/**
 * Shards in lunr's own serialised form (`lunr.Index#toJSON`, read back by `lunr.Index.load`),
 * for whoever wants to search them with lunr itself: a static site, another tool. Search here
 * does not use them; it scores the shards' counts with library-wide statistics (scorer.ts).
 *
 * The serialised index holds, per field and document, a vector of `[termIndex, weight]` pairs,
 * and per term its documents. The weights are lunr's builder's: BM25 with this shard's own idf
 * and our b = 0, rounded to three decimals, as `lunr.Builder#createFieldVectors` rounds them.
 */
export interface LunrIndexJson {
  version: string;
  fields: string[];
  /** `['text/<document>', [termIndex, weight, termIndex, weight, …]]`, term indexes rising. */
  fieldVectors: [string, number[]][];
  /** `[term, { _index, text: { <document>: {} } }]`, sorted by term as lunr's token set wants. */
  invertedIndex: [string, { _index: number; text: Record<string, Record<string, never>> }][];
  pipeline: string[];
}

/**
 * One shard as lunr's serialised index. `documents` are all the shard's documents, those whose
 * words are all stop words included: lunr counts them in its idf.
 *
 * @example lunr.Index.load(shardAsLunr(data.shards.security, [3, 4, 5])).search('migration') // [{ ref: '4', … }]
 */
export function shardAsLunr(shard: ShardData, documents: readonly number[]): LunrIndexJson {
  const vectors = new Map<number, number[]>(documents.map((d) => [d, []]));
  const repeats = new Map<number, number>();
  for (let k = 0; k < shard.repeats.length; k += 2) repeats.set(shard.repeats[k] as number, shard.repeats[k + 1] as number);
  const invertedIndex: LunrIndexJson['invertedIndex'] = shard.terms.map((term, t) => {
    const from = shard.starts[t] as number;
    const to = shard.starts[t + 1] as number;
    const termIdf = idf(to - from, documents.length);
    const text: Record<string, Record<string, never>> = {};
    for (let k = from; k < to; k++) {
      const doc = shard.passages[k] as number;
      const tf = repeats.get(k) ?? 1;
      text[doc] = {};
      // Terms are taken in order, so each vector's term indexes rise, as lunr.Vector needs.
      vectors.get(doc)?.push(t, Math.round(((termIdf * ((K1 + 1) * tf)) / (K1 + tf)) * 1000) / 1000);
    }
    return [term, { _index: t, text }];
  });
  return {
    version: lunr.version,
    fields: ['text'],
    fieldVectors: [...vectors].map(([doc, elements]) => [`text/${doc}`, elements]),
    invertedIndex,
    // What the builder ran on a query's words: the stemmer (stop words are simply not found).
    pipeline: ['stemmer'],
  };
}

/**
 * Each of a video's shards (one per topic) as lunr's serialised index.
 *
 * @example lunr.Index.load(videoAsLunr(data).security).search('spectre').map((r) => Number(r.ref)) // passage indexes
 */
export function videoAsLunr(data: VideoIndexData): Record<TopicId, LunrIndexJson> {
  const members = new Map<TopicId, number[]>();
  data.topics.forEach((topic, i) => {
    const list = members.get(topic);
    if (list) list.push(i);
    else members.set(topic, [i]);
  });
  return Object.fromEntries(Object.entries(data.shards).map(([topic, shard]) => [topic, shardAsLunr(shard, members.get(topic) ?? [])]));
}
