/**
 * A lunr shard in the form search reads and the cache stores: lunr's inverted index and field
 * vectors folded into columns. For each term, the passages holding it and the term's BM25
 * weight in each, with lunr's per-shard idf divided out so the library-wide idf can be put
 * back at query time: scores then share one scale across every shard of every video.
 */
export interface ShardData {
  /** Terms (stems), sorted. */
  terms: string[];
  /** Term i's postings are at [starts[i], starts[i + 1]) of `passages` and `weights`. */
  starts: number[];
  /** Passage indexes within the video. */
  passages: number[];
  weights: number[];
}

/** lunr's inverse document frequency (`lunr.idf`), for `df` of `n` documents. */
export function idf(df: number, n: number): number {
  return Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
}

/** The search-time shard: a term lookup is one Map access, postings are typed-array ranges. */
export class Shard {
  readonly passages: Int32Array;
  readonly weights: Float32Array;
  private readonly starts: Int32Array;
  private readonly termIndex = new Map<string, number>();

  constructor(
    readonly videoId: string,
    readonly topic: string,
    data: ShardData,
  ) {
    data.terms.forEach((term, i) => this.termIndex.set(term, i));
    this.starts = Int32Array.from(data.starts);
    this.passages = Int32Array.from(data.passages);
    this.weights = Float32Array.from(data.weights);
  }

  /** The term's postings as a [from, to) range of `passages` and `weights`, or undefined. */
  range(term: string): [number, number] | undefined {
    const i = this.termIndex.get(term);
    return i === undefined ? undefined : [this.starts[i] as number, this.starts[i + 1] as number];
  }

  has(term: string): boolean {
    return this.termIndex.has(term);
  }

  documentFrequency(term: string): number {
    const i = this.termIndex.get(term);
    return i === undefined ? 0 : (this.starts[i + 1] as number) - (this.starts[i] as number);
  }
}
