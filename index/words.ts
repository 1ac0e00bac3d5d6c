/**
 * Word lists: the library's words as spoken, sorted, each with its stem, and what `prefix*` and
 * `typo~1` find in them. Pure functions over plain arrays (they run in a browser too).
 */

/** The library's spoken words, sorted, each with its stem: what `prefix*` and `typo~1` expand against. */
export interface WordList {
  words: string[];
  stems: string[];
}

/**
 * Stems of the words that start with `prefix`. Expanding spoken words rather than stems means
 * `virtualiz*` finds `virtualization` although its stem is `virtual`.
 *
 * @example prefixWords(list, 'virt', 10) // ['virt', 'virtio', 'virtual', …]
 */
export function prefixWords(list: WordList, prefix: string, max: number): string[] {
  const lo = firstAtLeast(list, prefix);
  const stems: string[] = [];
  for (let i = lo; i < list.words.length && (list.words[i] as string).startsWith(prefix) && stems.length < max; i++) stems.push(list.stems[i] as string);
  return stems;
}

/**
 * The stem of `word` where it is a spoken word of the list, else nothing: whether the library
 * says `multiqueue`, or `multi` and `queue`, before a query tries it (compile.ts).
 *
 * @example exactWord(list, 'virtio') // ['virtio']
 */
export function exactWord(list: WordList, word: string): string[] {
  const i = firstAtLeast(list, word);
  return list.words[i] === word ? [list.stems[i] as string] : [];
}

/**
 * The spoken words whose stem is `stem`, at most `max`: whether the library says `migration`
 * only so, or also `migrate` and `migrated` (closeness prefers the form typed only where there
 * is a choice). One pass over the list; callers remember the answer.
 *
 * @example wordsWithStem(list, 'migrat', 8) // ['migrate', 'migrated', 'migration']
 */
export function wordsWithStem(list: WordList, stem: string, max: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < list.stems.length && words.length < max; i++) if (list.stems[i] === stem) words.push(list.words[i] as string);
  return words;
}

/** The index of the first word of the list not before `word` (binary search). */
function firstAtLeast(list: WordList, word: string): number {
  let lo = 0;
  let hi = list.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list.words[mid] as string) < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Stems of the spoken words within `distance` edits of `word`. lunr's own `~1` compares
 * against stems, so `migrtion~1` misses `migrat`; comparing against the words as said
 * finds `migration`. Only words of a near length are compared.
 */
export function closeWords(list: WordList, word: string, distance: number, max: number): string[] {
  const stems: string[] = [];
  const byLength = lengthBuckets(list);
  for (let length = Math.max(1, word.length - distance); length <= word.length + distance && stems.length < max; length++) {
    for (const i of byLength.get(length) ?? []) {
      if (withinDistance(word, list.words[i] as string, distance)) stems.push(list.stems[i] as string);
      if (stems.length >= max) break;
    }
  }
  return stems;
}

const buckets = new WeakMap<WordList, Map<number, number[]>>();

function lengthBuckets(list: WordList): Map<number, number[]> {
  let byLength = buckets.get(list);
  if (!byLength) {
    byLength = new Map();
    list.words.forEach((w, i) => {
      const bucket = byLength?.get(w.length);
      if (bucket) bucket.push(i);
      else byLength?.set(w.length, [i]);
    });
    buckets.set(list, byLength);
  }
  return byLength;
}

// Three rows of the edit-distance table, reused across calls: no allocation per word compared.
let rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau-Levenshtein distance (adjacent swaps count one) at most `max`, stopping early. */
export function withinDistance(a: string, b: string, max: number): boolean {
  if (b.length + 1 > (rows[0] as Int32Array).length) rows = [0, 1, 2].map(() => new Int32Array(b.length * 2 + 2));
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        value = Math.min(value, (before[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return false;
    [before, previous, current] = [previous, current, before];
  }
  return (previous[b.length] as number) <= max;
}

/**
 * Merges `word stem` lines (VideoIndexData.words) into one sorted WordList.
 *
 * @example mergeWords(['live live\nmigration migrat', 'guest guest']).words // ['guest', 'live', 'migration']
 */
export function mergeWords(lists: readonly string[]): WordList {
  const merged = new Map<string, string>();
  for (const list of lists) {
    for (const line of list.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) merged.set(line.slice(0, space), line.slice(space + 1));
    }
  }
  const words = [...merged.keys()].sort();
  return { words, stems: words.map((w) => merged.get(w) as string) };
}
