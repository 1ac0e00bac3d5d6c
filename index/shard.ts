/**
 * A shard: the inverted index of some documents (a video's passages of one topic, or a chunk
 * of notes), in the form the cache stores and in the form search reads.
 *
 * Scoring is BM25 with b = 0: the score of a term in a document is
 *
 *     idf(term) * (k1 + 1) * tf / (k1 + tf)
 *
 * where tf is how often the term occurs in the document, k1 = 1.2 (lunr's default), and idf
 * is lunr's `log(1 + |(N - df + 0.5) / (df + 0.5)|)` over the whole library: N documents
 * (passages and notes) of every video, df of them holding the term. One scale across every
 * shard of every video, so a hit ranks the same whichever shard holds it. No length
 * normalisation (b = 0): passages are all 15-40 s long, so it buys little, and without it a
 * term's weight in a document depends on that document alone. A query's score in a document
 * is the sum of its clauses' scores (scorer.ts).
 */
export interface ShardData {
  /** Terms (stems), sorted. */
  terms: string[];
  /** Term i's postings are at [starts[i], starts[i + 1]) of `passages`. */
  starts: number[];
  /** Passage indexes within the video. */
  passages: number[];
  /**
   * How often the term occurs where that is more than once, as flat pairs
   * `[posting, count, posting, count, …]`; most words occur once in a passage, which keeps
   * the cache small and quick to load.
   */
  repeats: number[];
}

/** BM25's term-frequency saturation (lunr's default k1). */
export const K1 = 1.2;

/** BM25's weight for a term occurring `tf` times, before idf. */
export function tfWeight(tf: number): number {
  return ((K1 + 1) * tf) / (K1 + tf);
}

/** lunr's inverse document frequency (`lunr.idf`), for `df` of `n` documents. */
export function idf(df: number, n: number): number {
  return Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
}

/**
 * The search-time shard: a term lookup is one Map access, postings are typed-array ranges.
 * Each posting's `(k1 + 1) * tf / (k1 + tf)` is worked out once here, as a 32-bit float
 * (seven digits, where results show three), so scoring is one multiplication by the idf.
 */
export class Shard {
  readonly passages: Int32Array;
  /** tfWeight of each posting's count. */
  readonly weights: Float32Array;
  private readonly starts: Int32Array;
  private readonly termIndex = new Map<string, number>();

  constructor(
    /** The topic of its passages ('' for a chunk of notes). */
    readonly topic: string,
    data: ShardData,
  ) {
    data.terms.forEach((term, i) => this.termIndex.set(term, i));
    this.starts = Int32Array.from(data.starts);
    this.passages = Int32Array.from(data.passages);
    this.weights = new Float32Array(data.passages.length).fill(tfWeight(1));
    for (let i = 0; i < data.repeats.length; i += 2) this.weights[data.repeats[i] as number] = tfWeight(data.repeats[i + 1] as number);
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
