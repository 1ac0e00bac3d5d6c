/**
 * Where a phrase (a sequence of stems) stands in a passage's stems, found in one pass.
 *
 * Knuth–Morris–Pratt rather than "does it start here?" at every position: a passage of one
 * word repeated (`a a a a …`) and a phrase of that word repeated, then another (`"a a a b"`),
 * would otherwise cost the passage's length times the phrase's, for every phrase of the query.
 * Here it is the two lengths added.
 *
 * @example phraseStarts(['posted', 'interrupt', 'and', 'posted', 'interrupt'], ['posted', 'interrupt']) // [0, 3]
 */
export function phraseStarts(stems: readonly string[], phrase: readonly string[], first = false): number[] {
  const starts: number[] = [];
  const m = phrase.length;
  if (!m || m > stems.length) return starts;
  // fail[k]: the length of the longest proper prefix of phrase[0..k] that is also its suffix.
  const fail = new Int32Array(m);
  for (let k = 1, len = 0; k < m;) {
    if (phrase[k] === phrase[len]) fail[k++] = ++len;
    else if (len > 0) len = fail[len - 1] as number;
    else fail[k++] = 0;
  }
  for (let i = 0, k = 0; i < stems.length;) {
    if (stems[i] === phrase[k]) {
      i++;
      k++;
      if (k === m) {
        starts.push(i - m);
        if (first) return starts;
        k = fail[k - 1] as number;
      }
    } else if (k > 0) k = fail[k - 1] as number;
    else i++;
  }
  return starts;
}

/** Whether the phrase stands anywhere in the stems. */
export function holdsPhrase(stems: readonly string[], phrase: readonly string[]): boolean {
  return phraseStarts(stems, phrase, true).length > 0;
}
