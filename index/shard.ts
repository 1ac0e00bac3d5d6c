import type { Passage } from './types.js';
/**
 * A lunr shard in the form search reads and the cache stores: lunr's inverted index and field
 * vectors folded into columns. For each term, the passages holding it and how often it occurs
 * there. The score of a term in a passage is then BM25's `idf * (k1 + 1) * tf / (k1 + tf)`
 * with the library-wide idf: one scale across every shard of every video.
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

/** The search-time shard: a term lookup is one Map access, postings are typed-array ranges. */
export class Shard {
  readonly passages: Int32Array;
  /** tfWeight of each posting's count. */
  readonly weights: Float32Array;
  private readonly starts: Int32Array;
  private readonly termIndex = new Map<string, number>();

  constructor(
    readonly videoId: string,
    readonly topic: string,
    data: ShardData,
    /** Transcript passages, or a video's notes. */
    readonly kind: 'transcript' | 'note' = 'transcript',
    /** The documents its passage indexes point into, when not the video's passages (a chunk of notes). */
    readonly docs?: Passage[],
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
