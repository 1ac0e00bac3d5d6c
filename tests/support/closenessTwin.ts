import { stem } from '../../index/analyze.js';

/**
 * The brute-force twin of index/closeness.ts, every two places tried: a passage's words weigh
 * 1 + 3 * (mean, over the wanted words typed one after the other, of 1 side by side in that
 * order and as typed, 0.6 side by side otherwise or one word for both, 0.3 four words apart or
 * fewer) + 0.5 * (share of wanted words said somewhere as typed); 1 for a lone word with no form
 * to prefer. A word with `said` undefined (a prefix, a word said one way only) counts as typed
 * wherever it is said. Words here are one word each, with no stop words between them.
 */
export function closenessTwin(words: readonly string[], wanted: readonly { stems: readonly string[]; said: string | undefined }[]): number {
  if (wanted.length === 1 && wanted[0]?.said === undefined) return 1;
  const stems = words.map(stem);
  const places = wanted.map((u) => stems.flatMap((s, i) => (u.stems.includes(s) ? [{ i, typed: u.said === undefined || words[i] === u.said }] : [])));
  const forms = places.filter((list) => list.some((p) => p.typed)).length / wanted.length;
  let pairs = 0;
  for (let k = 1; k < wanted.length; k++) {
    let best = 0;
    for (const a of places[k - 1] ?? [])
      for (const b of places[k] ?? []) {
        if (b.i === a.i + 1) best = Math.max(best, a.typed && b.typed ? 1 : 0.6);
        else if (b.i === a.i) best = Math.max(best, 0.6);
        else if (Math.abs(b.i - a.i) - 1 <= 4) best = Math.max(best, 0.3);
      }
    pairs += best;
  }
  return 1 + (wanted.length > 1 ? (3 * pairs) / (wanted.length - 1) : 0) + 0.5 * forms;
}
