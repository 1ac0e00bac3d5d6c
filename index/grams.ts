import type { TalkWords } from './talkWords.js';

/**
 * The words and short phrases of a talk's chapters, counted: what chapter titles (titles.ts)
 * choose from, and how distinctive of its chapter each one is (weighted log-odds).
 */

/** A word or phrase said once is a mention, not a theme. */
export const MIN_COUNT = 2;
/** Smoothing of the log-odds: a word the rest of the talk never says still has finite odds. */
const ALPHA = 0.5;

/** The talk as titles read it: its words (TalkWords), where each chapter's tokens are, and what each word may do in a phrase. */
export interface Talk extends TalkWords {
  /** Chapter c's tokens are `from[c]` to `from[c + 1]`: tokens are in time order, chapters follow each other. */
  from: number[];
  /** Per word id: whether it can start or end a phrase, or sit inside one. */
  edge: boolean[];
  inner: boolean[];
  /** Per stem id: whether it is an everyday word's (see COMMON). */
  common: boolean[];
  casing: (word: number) => string;
}

/**
 * The stem ids of a phrase's key. A key is the phrase's stem ids plus one, as digits in base
 * `base` (the number of stems plus one), so that one-, two- and three-word keys never meet.
 */
export function gramStems(key: number, base: number): number[] {
  const stems: number[] = [];
  for (let k = key; k > 0; k = Math.floor(k / base)) stems.unshift((k % base) - 1);
  return stems;
}

/** The words of n tokens from `i`, if they make a phrase: edges can end one, the middle can sit in one, nothing breaks it, one chapter. */
export function gramAt(talk: Talk, i: number, n: number, end: number): boolean {
  if (i + n > end) return false;
  if (!talk.edge[talk.tokens[i] as number] || !talk.edge[talk.tokens[i + n - 1] as number]) return false;
  for (let k = 1; k < n; k++) {
    if (!talk.links[i + k]) return false;
    if (k < n - 1 && !talk.inner[talk.tokens[i + k] as number]) return false;
  }
  return true;
}

/**
 * The words and two- or three-word phrases chapter `c` says at least twice, with how often. A
 * phrase said twice has every word said twice, so phrases are only counted from words that are
 * (most words of a chapter are said once): `scratch` holds the chapter's word counts by stem,
 * and is left zeroed.
 */
export function repeatedGrams(talk: Talk, c: number, base: number, longest: number, scratch: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  const start = talk.from[c] as number;
  const end = talk.from[c + 1] as number;
  const stemAt = (i: number) => talk.stemOf[talk.tokens[i] as number] as number;
  const repeated = (i: number) => (scratch[stemAt(i)] as number) >= MIN_COUNT;
  for (let i = start; i < end; i++) if (talk.edge[talk.tokens[i] as number]) scratch[stemAt(i)] = (scratch[stemAt(i)] as number) + 1;
  for (let i = start; i < end; i++) {
    if (!talk.edge[talk.tokens[i] as number] || !repeated(i)) continue;
    let key = stemAt(i) + 1;
    counts.set(key, scratch[stemAt(i)] as number);
    for (let n = 2; n <= longest && i + n <= end; n++) {
      const last = talk.tokens[i + n - 1] as number;
      if (!talk.links[i + n - 1] || !talk.inner[last] || (talk.edge[last] && !repeated(i + n - 1))) break;
      key = key * base + stemAt(i + n - 1) + 1;
      if (talk.edge[last]) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  for (let i = start; i < end; i++) scratch[stemAt(i)] = 0;
  for (const [key, count] of counts) if (count < MIN_COUNT) counts.delete(key);
  return counts;
}

/** How often the whole talk says each of the chapters' repeated words and phrases. */
export function countInTalk(talk: Talk, perChapter: readonly Map<number, number>[], base: number, longest: number): Map<number, number> {
  const wanted = new Map<number, number>();
  for (const counts of perChapter) for (const key of counts.keys()) wanted.set(key, 0);
  for (let c = 0; c + 1 < talk.from.length; c++) {
    const end = talk.from[c + 1] as number;
    for (let i = talk.from[c] as number; i < end; i++) {
      if (!talk.edge[talk.tokens[i] as number]) continue;
      let key = (talk.stemOf[talk.tokens[i] as number] as number) + 1;
      let count = wanted.get(key);
      if (count === undefined) continue;
      wanted.set(key, count + 1);
      for (let n = 2; n <= longest && i + n <= end; n++) {
        const last = talk.tokens[i + n - 1] as number;
        if (!talk.links[i + n - 1] || !talk.inner[last]) break;
        key = key * base + (talk.stemOf[last] as number) + 1;
        if (!talk.edge[last]) continue;
        count = wanted.get(key);
        if (count !== undefined) wanted.set(key, count + 1);
      }
    }
  }
  return wanted;
}

/**
 * How distinctive of a chapter a word or phrase is (see titleChapters): its weighted log-odds,
 * said `count` times among the chapter's `inside` words and `total` times in the talk, whose
 * other chapters have `outside` words; undefined if the chapter says it no more often than the
 * rest of the talk.
 */
export function weightedLogOdds(count: number, total: number, inside: number, outside: number): number | undefined {
  const elsewhere = total - count;
  const a = count + ALPHA;
  const b = inside - count + ALPHA;
  if (outside <= 0) return Math.log(a / b) / Math.sqrt(1 / a + 1 / b);
  const c = elsewhere + ALPHA;
  const d = Math.max(outside - elsewhere, 0) + ALPHA;
  // a / b <= c / d, without the logarithms: most of a chapter's words fail here.
  if (a * d <= c * b) return undefined;
  return (Math.log(a / b) - Math.log(c / d)) / Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
}
