/**
 * Lexical cohesion (TextTiling, Hearst 1997): where the words used just before a point and just
 * after it have least in common, the subject most likely changed there, announced or not.
 */

/** Content words on each side of a gap that are compared: about 25 seconds of speech. */
const WINDOW_WORDS = 60;
/** Gaps looked at on each side for the peaks a dip is measured from. */
const MAX_CLIMB = 40;

/**
 * How strongly the subject changes before each unit, 0 to 1 (0 before the first).
 *
 * The stems of about WINDOW_WORDS content words on each side of every gap are compared (cosine
 * of their counts); a gap's depth is how far the similarity dips there below the peaks on
 * either side. Only a gap deeper than its neighbours counts, scaled against the talk's own
 * depths (TextTiling's cut-off, the mean less half a standard deviation, is 0), so a talk that
 * wanders everywhere and one that never does are both read on their own terms.
 *
 * @example cohesionBreaks([{ stems: ['page', 'table'] }, …]) // [0, 0.1, 0, 0.9, 0, …]
 */
export function cohesionBreaks(units: readonly { stems: readonly string[] }[]): number[] {
  const n = units.length;
  const similarity = new Array<number>(n).fill(0);
  for (let gap = 1; gap < n; gap++) similarity[gap] = cosine(window(units, gap - 1, -1), window(units, gap, 1));

  const depth = new Array<number>(n).fill(0);
  for (let gap = 1; gap < n; gap++) {
    const here = similarity[gap] as number;
    let left = here;
    // Peaks are looked for a few windows away at most: the climb stays linear in the talk.
    for (let j = gap - 1; j >= 1 && gap - j <= MAX_CLIMB && (similarity[j] as number) >= left; j--) left = similarity[j] as number;
    let right = here;
    for (let j = gap + 1; j < n && j - gap <= MAX_CLIMB && (similarity[j] as number) >= right; j++) right = similarity[j] as number;
    depth[gap] = left - here + (right - here);
  }
  const peaks: number[] = [];
  for (let gap = 1; gap < n; gap++) {
    const d = depth[gap] as number;
    if (d > 0 && d >= (depth[gap - 1] ?? 0) && d >= (depth[gap + 1] ?? 0)) peaks.push(gap);
  }
  if (peaks.length < 2) return new Array<number>(n).fill(0);
  const values = peaks.map((g) => depth[g] as number);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
  const cutoff = mean - sd / 2;
  const breaks = new Array<number>(n).fill(0);
  for (const gap of peaks) breaks[gap] = Math.min(1, Math.max(0, ((depth[gap] as number) - cutoff) / (2 * sd)));
  return breaks;
}

/** Stem counts of about WINDOW_WORDS words from unit `from` onwards (`step` 1) or backwards (-1). */
function window(units: readonly { stems: readonly string[] }[], from: number, step: 1 | -1): Map<string, number> {
  const counts = new Map<string, number>();
  let taken = 0;
  for (let i = from; i >= 0 && i < units.length && taken < WINDOW_WORDS; i += step) {
    for (const s of (units[i] as { stems: readonly string[] }).stems) counts.set(s, (counts.get(s) ?? 0) + 1);
    taken += (units[i] as { stems: readonly string[] }).stems.length;
  }
  return counts;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
