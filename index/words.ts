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
  let lo = 0;
  let hi = list.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list.words[mid] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const stems: string[] = [];
  for (let i = lo; i < list.words.length && (list.words[i] as string).startsWith(prefix) && stems.length < max; i++) stems.push(list.stems[i] as string);
  return stems;
}

/**
 * Stems of the spoken words within `distance` edits of `word`. lunr's own `~1` compares
 * against stems, so `migrtion~1` misses `migrat`; comparing against the words as said
 * finds `migration`.
 */
export function closeWords(list: WordList, word: string, distance: number, max: number): string[] {
  const stems: string[] = [];
  for (let i = 0; i < list.words.length && stems.length < max; i++) {
    const candidate = list.words[i] as string;
    if (Math.abs(candidate.length - word.length) <= distance && withinDistance(word, candidate, distance)) stems.push(list.stems[i] as string);
  }
  return stems;
}

/** Damerau-Levenshtein distance (adjacent swaps count one) at most `max`, stopping early. */
export function withinDistance(a: string, b: string, max: number): boolean {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    before = previous;
    previous = current;
  }
  return (previous[b.length] as number) <= max;
}
