import type { ClauseForm, CompiledClause } from './compile.js';
import { holdsPhrase } from './phrases.js';
import type { Shard } from './shard.js';
import type { Passage } from './types.js';

/**
 * The scorer: which documents of some shards a compiled query matches, and how well.
 *
 * The rule is simple to say. A form of a clause matches a document holding every one of its
 * groups (a group is a word, or a word's alternatives: a prefix's or a typo's expansions); it
 * scores the best alternative of each group, summed, where a term in a document scores BM25's
 * `idf * (k1 + 1) * tf / (k1 + tf)` (shard.ts). A form that is a phrase matches only where its
 * words stand together. A clause matches where any of its forms does (`a OR b`; `avx512` and
 * `avx 512`) and scores as the best of those. A document is a hit when it matches every
 * required clause (`+must`; plain words too when `strict`), no prohibited one (`-exclude`),
 * and at least one that is not prohibited. Its score is the sum of its matching clauses'
 * scores (which closeness.ts then weighs for the best hits).
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
  // integer). Two masks say, once per query, which clauses must match and which must not.
  const bits = (test: (c: CompiledClause) => boolean): number => clauses.reduce((m, c, i) => (test(c) ? m | (1 << i) : m), 0);
  const requiredMask = bits((c) => c.presence === 'required' || (strict && c.presence === 'optional'));
  const prohibitedMask = bits((c) => c.presence === 'prohibited');
  // Forms are numbered across the query: form f is of clause owner[f]; clause i's are firsts[i] to firsts[i + 1].
  const forms = clauses.flatMap((c) => c.forms);
  const owner = clauses.flatMap((c, i) => c.forms.map(() => i));
  const firsts = [0];
  for (const c of clauses) firsts.push((firsts[firsts.length - 1] as number) + c.forms.length);
  const hits: Hit<T>[] = [];
  // inShard[f]: whether the shard holds an alternative of every group of form f (else its postings are not read).
  const inShard = new Uint8Array(forms.length);
  for (const target of targets) {
    const { shard, docs } = target;
    // A shard where no form of some required clause can match is skipped before any posting is
    // read (a topic's shard, a video without the rare word).
    let clausesInShard = 0;
    for (let f = 0; f < forms.length; f++) {
      inShard[f] = possible(shard, forms[f] as ClauseForm) ? 1 : 0;
      if (inShard[f]) clausesInShard |= 1 << (owner[f] as number);
    }
    if ((clausesInShard & requiredMask) !== requiredMask) continue;
    work.ensure(docs.length, forms.length);
    // Documents are marked as touched by this shard with a fresh stamp rather than by clearing
    // arrays the size of the video: `seen[p] === shardStamp` means `mask[p]` is this shard's,
    // and `formSeen[f][p] === shardStamp` that form f matched document p in it.
    const shardStamp = work.nextShard();
    const touched: number[] = [];
    forms.forEach((form, f) => {
      if (!inShard[f]) return;
      const bit = 1 << (owner[f] as number);
      const scores = work.formScores[f] as Float64Array;
      const formSeen = work.formSeen[f] as Int32Array;
      for (const p of matchForm(shard, form, idfOf, work)) {
        if (work.seen[p] !== shardStamp) {
          work.seen[p] = shardStamp;
          work.mask[p] = 0;
          work.firm[p] = 0;
          touched.push(p);
        }
        work.mask[p] = (work.mask[p] as number) | bit;
        // A phrase's match is provisional: the words are there, perhaps not together.
        if (!form.phrase) work.firm[p] = (work.firm[p] as number) | bit;
        scores[p] = work.clauseScore[p] as number;
        formSeen[p] = shardStamp;
      }
    });
    for (const p of touched) {
      // First the cheap test, counting every provisional match as if it held (`mask`) and only
      // the settled ones as sure (`firm`): a document missing a required clause, or surely
      // matching a prohibited one, is out whatever its phrases say, without reading it.
      const mask = work.mask[p] as number;
      if ((mask & requiredMask) !== requiredMask || (work.firm[p] as number) & prohibitedMask) continue;
      // Then each matched clause settles on its best form that holds. A phrase is read only
      // where it would do better than the forms already settled (for an excluded clause, where
      // none is settled yet).
      let stems: readonly string[] | undefined;
      let held = 0;
      let score = 0;
      for (let i = 0; i < clauses.length; i++) {
        if (!(mask & (1 << i))) continue;
        const prohibited = (prohibitedMask & (1 << i)) !== 0;
        let best = -1;
        for (let f = firsts[i] as number; f < (firsts[i + 1] as number); f++) {
          if ((work.formSeen[f] as Int32Array)[p] !== shardStamp) continue;
          const formScore = (work.formScores[f] as Float64Array)[p] as number;
          if (formScore <= best || (prohibited && best >= 0)) continue;
          const phrase = (forms[f] as ClauseForm).phrase;
          if (phrase && !holdsPhrase((stems ??= stemsOf(docs[p] as Passage)), phrase)) continue;
          best = formScore;
        }
        if (best < 0) continue;
        held |= 1 << i;
        if (!prohibited) score += best;
      }
      // The whole rule, on settled bits; `held & ~prohibitedMask`: matched by something wanted.
      if ((held & requiredMask) !== requiredMask || held & prohibitedMask || !(held & ~prohibitedMask)) continue;
      hits.push({ target, passage: p, score });
    }
  }
  return hits;
}

/** Whether the shard holds an alternative of every group of the form. */
function possible(shard: Shard, form: ClauseForm): boolean {
  for (const group of form.groups) {
    let found = false;
    for (let k = 0; k < group.length && !found; k++) found = shard.has(group[k] as string);
    if (!found) return false;
  }
  return true;
}

/**
 * The documents holding every group of `form`, each one's form score left in
 * `work.clauseScore`. Groups are intersected one after another: `groupCount[p]` is how many
 * groups in a row document p has been in, so a document of group g that missed an earlier
 * group is passed over, and the documents of the last group still counted are the answer.
 */
function matchForm(shard: Shard, form: ClauseForm, idfOf: (term: string) => number, work: Scratch): number[] {
  let inClause: number[] = [];
  let first: number[] = [];
  form.groups.forEach((group, g) => {
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
  /** Per document, the clauses it matched, and of those the ones matched by a form that is no phrase. */
  mask = new Int32Array(0);
  firm = new Int32Array(0);
  groupSeen = new Int32Array(0);
  groupBest = new Float64Array(0);
  groupCount = new Int32Array(0);
  clauseScore = new Float64Array(0);
  /** Per form of the query, each document's score from that form, and the stamp of the shard where it matched. */
  formScores: Float64Array[] = [];
  formSeen: Int32Array[] = [];

  /** Room for `size` documents and `forms` forms. */
  ensure(size: number, forms: number): void {
    while (this.formScores.length < forms) {
      this.formScores.push(new Float64Array(this.seen.length));
      this.formSeen.push(new Int32Array(this.seen.length));
    }
    if (this.seen.length >= size) return;
    const n = Math.max(size, this.seen.length * 2, 256);
    this.formScores = this.formScores.map(() => new Float64Array(n));
    this.formSeen = this.formSeen.map(() => new Int32Array(n));
    this.seen = new Int32Array(n);
    this.mask = new Int32Array(n);
    this.firm = new Int32Array(n);
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
   * over it is under way: `seen` and `formSeen` between shards, `groupSeen` between groups.
   */

  /** A stamp no entry of `seen` or `formSeen` holds yet. */
  nextShard(): number {
    if (this.shardStamp >= 0x7fffffff) {
      this.seen.fill(0);
      for (const stamps of this.formSeen) stamps.fill(0);
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
