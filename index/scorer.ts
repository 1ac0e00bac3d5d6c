import type { CompiledClause } from './compile.js';
import { holdsPhrase } from './phrases.js';
import type { Shard } from './shard.js';
import type { Passage } from './types.js';

/**
 * The scorer: which documents of some shards a compiled query matches, and how well.
 *
 * The rule is simple to say. A clause matches a document holding every one of its groups (a
 * group is a word, or a word's alternatives: a prefix's or a typo's expansions); it scores the
 * best alternative of each group, summed, where a term in a document scores BM25's
 * `idf * (k1 + 1) * tf / (k1 + tf)` (shard.ts). A document is a hit when it matches every
 * required clause (`+must`; plain words too when `strict`), no prohibited one (`-exclude`),
 * and at least one that is not prohibited; a phrase matches only where its words stand
 * together. Its score is the sum of its matching clauses' scores.
 *
 * The work is arranged so that a query touches only the postings of its own terms and
 * allocates nothing per posting: per-document figures live in typed arrays indexed by document
 * (Scratch), which clause a document matched is one bit of an integer, and a phrase, the one
 * costly check (it re-reads the document), is checked last, for documents still in the running.
 * Pure: no I/O, no Node API; it runs as well in a browser.
 */

/** Some documents to score: a shard, and the documents its postings number (a video's passages, or a chunk's notes). */
export interface Target {
  shard: Shard;
  docs: readonly Passage[];
}

export interface Hit<T extends Target> {
  target: T;
  /** The document, as an index into `target.docs`. */
  passage: number;
  score: number;
}

/**
 * Scores the documents of `targets` against `clauses`.
 *
 * @param idfOf the library-wide idf of a stem (the same for every shard: scores compare across videos)
 * @param stemsOf a document's stems in order, for phrase checks
 * @param work scratch arrays, reused from call to call (see Scratch)
 * @example scoreShards(targets, compileQuery(parseQuery('posted interrupts').clauses, …).clauses, true, idfOf, stemsOf, new Scratch())
 *   // [{ target, passage: 12, score: 9.07 }, …], unsorted
 */
export function scoreShards<T extends Target>(
  targets: readonly T[],
  clauses: readonly CompiledClause[],
  strict: boolean,
  idfOf: (term: string) => number,
  stemsOf: (doc: Passage) => readonly string[],
  work: Scratch,
): Hit<T>[] {
  // Clause i is bit `1 << i` of a mask (MAX_CLAUSES = 30 keeps every mask a positive 32-bit
  // integer). Three masks say, once per query, which clauses must match, which must not, and
  // which are phrases (whose bit, once set, is only provisional: the words are there, perhaps
  // not together).
  const bits = (test: (c: CompiledClause) => boolean): number => clauses.reduce((m, c, i) => (test(c) ? m | (1 << i) : m), 0);
  const requiredMask = bits((c) => c.presence === 'required' || (strict && c.presence === 'optional'));
  const prohibitedMask = bits((c) => c.presence === 'prohibited');
  const phraseMask = bits((c) => c.phrase !== undefined);
  const hits: Hit<T>[] = [];
  for (const target of targets) {
    const { shard, docs } = target;
    // A shard lacking every alternative of some group of a required clause cannot match: it is
    // skipped before any posting is read (a topic's shard, a video without the rare word).
    if (clauses.some((c, i) => requiredMask & (1 << i) && c.groups.some((g) => g.every((t) => !shard.has(t))))) continue;
    work.ensure(docs.length, clauses.length);
    // Documents are marked as touched by this shard with a fresh stamp rather than by clearing
    // arrays the size of the video: `seen[p] === shardStamp` means `mask[p]` is this shard's.
    const shardStamp = work.nextShard();
    const touched: number[] = [];
    clauses.forEach((clause, i) => {
      const perClause = work.clauseScores[i] as Float64Array;
      for (const p of matchClause(shard, clause, idfOf, work)) {
        if (work.seen[p] !== shardStamp) {
          work.seen[p] = shardStamp;
          work.mask[p] = 0;
          touched.push(p);
        }
        work.mask[p] = (work.mask[p] as number) | (1 << i);
        perClause[p] = work.clauseScore[p] as number;
      }
    });
    for (const p of touched) {
      let mask = work.mask[p] as number;
      // First the cheap test, counting every phrase as if it held (`| phraseMask`) and as if
      // it did not (`& ~phraseMask`): a document missing another required clause, or matching
      // another prohibited one, is out whatever its phrases say, without reading it.
      if (((mask | phraseMask) & requiredMask) !== requiredMask || mask & prohibitedMask & ~phraseMask) continue;
      // Then the phrases: each provisional bit is kept only where the words stand together.
      if (mask & phraseMask) mask = phrasesThatHold(stemsOf(docs[p] as Passage), clauses, mask & phraseMask, mask);
      // The whole rule, on settled bits; `mask & ~prohibitedMask`: matched by something wanted.
      if ((mask & requiredMask) !== requiredMask || mask & prohibitedMask || !(mask & ~prohibitedMask)) continue;
      let score = 0;
      clauses.forEach((c, i) => {
        if (mask & (1 << i) && c.presence !== 'prohibited') score += (work.clauseScores[i] as Float64Array)[p] as number;
      });
      hits.push({ target, passage: p, score });
    }
  }
  return hits;
}

/** `mask` with the bit of each phrase among `phrases` cleared where its words do not stand together in `stems`. */
function phrasesThatHold(stems: readonly string[], clauses: readonly CompiledClause[], phrases: number, mask: number): number {
  for (let i = 0; i < clauses.length; i++) {
    if (phrases & (1 << i) && !holdsPhrase(stems, (clauses[i] as CompiledClause).phrase as string[])) mask &= ~(1 << i);
  }
  return mask;
}

/**
 * The documents holding every group of `clause`, each one's clause score left in
 * `work.clauseScore`. Groups are intersected one after another: `groupCount[p]` is how many
 * groups in a row document p has been in, so a document of group g that missed an earlier
 * group is passed over, and the documents of the last group still counted are the answer.
 */
function matchClause(shard: Shard, clause: CompiledClause, idfOf: (term: string) => number, work: Scratch): number[] {
  let inClause: number[] = [];
  let first: number[] = [];
  clause.groups.forEach((group, g) => {
    // Within a group, the best alternative counts, not their sum: `virt*` finding `virtio` and
    // `virtual` in one passage is one word found, not two.
    const stamp = work.nextGroup();
    const inGroup: number[] = [];
    for (const term of group) {
      const range = shard.range(term);
      if (!range) continue;
      const weight = idfOf(term);
      for (let k = range[0]; k < range[1]; k++) {
        const p = shard.passages[k] as number;
        const score = weight * (shard.weights[k] as number);
        if (work.groupSeen[p] !== stamp) {
          work.groupSeen[p] = stamp;
          work.groupBest[p] = score;
          inGroup.push(p);
        } else if (score > (work.groupBest[p] as number)) work.groupBest[p] = score;
      }
    }
    if (g === 0) {
      for (const p of inGroup) {
        work.groupCount[p] = 1;
        work.clauseScore[p] = work.groupBest[p] as number;
      }
      inClause = first = inGroup;
    } else {
      const kept: number[] = [];
      for (const p of inGroup) {
        if (work.groupCount[p] !== g) continue; // missed an earlier group
        work.groupCount[p] = g + 1;
        work.clauseScore[p] = (work.clauseScore[p] as number) + (work.groupBest[p] as number);
        kept.push(p);
      }
      inClause = kept;
    }
  });
  // Only documents of the first group can have a count: resetting them leaves it all zeros.
  for (const p of first) work.groupCount[p] = 0;
  return inClause;
}

/**
 * Per-document arrays, grown to the largest video seen and reused by every search: a search
 * of a 100-hour library would otherwise allocate megabytes. Nothing in them carries from one
 * call to the next: an entry counts only while its stamp (`seen`, `groupSeen`) is the current
 * one, and the others are written before they are read. Searches run one at a time (they are
 * synchronous), so one Scratch serves them all.
 */
export class Scratch {
  /** The current stamp of `seen` (one per shard scored) and of `groupSeen` (one per group matched). */
  shardStamp = 0;
  groupStamp = 0;
  seen = new Int32Array(0);
  mask = new Int32Array(0);
  groupSeen = new Int32Array(0);
  groupBest = new Float64Array(0);
  groupCount = new Int32Array(0);
  clauseScore = new Float64Array(0);
  /** Per clause, each document's score from that clause. */
  clauseScores: Float64Array[] = [];

  /** Room for `size` documents and `clauses` clauses. */
  ensure(size: number, clauses: number): void {
    while (this.clauseScores.length < clauses) this.clauseScores.push(new Float64Array(this.seen.length));
    if (this.seen.length >= size) return;
    const n = Math.max(size, this.seen.length * 2, 256);
    this.clauseScores = this.clauseScores.map(() => new Float64Array(n));
    this.seen = new Int32Array(n);
    this.mask = new Int32Array(n);
    this.groupSeen = new Int32Array(n);
    this.groupBest = new Float64Array(n);
    this.groupCount = new Int32Array(n);
    this.clauseScore = new Float64Array(n);
    this.shardStamp = 0;
    this.groupStamp = 0;
  }

  /*
   * Stamps are stored in Int32Arrays. Before a count would pass 2^31 - 1 (after some millions
   * of searches) its array is cleared and counting starts again; else the stamp stored would
   * be negative and never equal the current one. Each array is cleared only where no pass
   * over it is under way: `seen` between shards, `groupSeen` between groups.
   */

  /** A stamp no entry of `seen` holds yet. */
  nextShard(): number {
    if (this.shardStamp >= 0x7fffffff) {
      this.seen.fill(0);
      this.shardStamp = 0;
    }
    return ++this.shardStamp;
  }

  /** A stamp no entry of `groupSeen` holds yet. */
  nextGroup(): number {
    if (this.groupStamp >= 0x7fffffff) {
      this.groupSeen.fill(0);
      this.groupStamp = 0;
    }
    return ++this.groupStamp;
  }
}
