import type { LunrIndexJson } from './build.js';

/** A term's postings in one shard: which passages hold it, and how much. */
export interface Postings {
  /** Passage indexes within the video. */
  passages: Int32Array;
  /**
   * lunr's BM25 weight of the term in each passage with lunr's per-shard idf divided out, so
   * that the library-wide idf can be put back at query time: scores then share one scale
   * across every shard of every video.
   */
  weights: Float32Array;
}

/**
 * The search-time form of one lunr shard: its inverted index and field vectors unpacked into
 * typed arrays per term. A term lookup is one Map access, so a query touches only the shards
 * and postings its terms are in.
 */
export class Shard {
  readonly documentCount: number;
  private readonly terms = new Map<string, Postings>();

  constructor(
    readonly videoId: string,
    readonly topic: string,
    json: LunrIndexJson,
  ) {
    this.documentCount = json.fieldVectors.length;
    const vectors = new Map<string, number[]>(json.fieldVectors.map(([ref, elements]) => [ref.slice(ref.indexOf('/') + 1), elements]));
    for (const [term, posting] of json.invertedIndex) {
      const docs = Object.keys((posting as Record<string, Record<string, unknown>>).text ?? {});
      if (!docs.length) continue;
      const localIdf = idf(docs.length, this.documentCount) || 1;
      const passages = new Int32Array(docs.length);
      const weights = new Float32Array(docs.length);
      docs.forEach((ref, i) => {
        passages[i] = Number(ref);
        weights[i] = weightOf(vectors.get(ref) ?? [], posting._index) / localIdf;
      });
      this.terms.set(term, { passages, weights });
    }
  }

  postings(term: string): Postings | undefined {
    return this.terms.get(term);
  }

  documentFrequency(term: string): number {
    return this.terms.get(term)?.passages.length ?? 0;
  }
}

/** lunr's inverse document frequency (`lunr.idf`), for `df` of `n` documents. */
export function idf(df: number, n: number): number {
  return Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
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
