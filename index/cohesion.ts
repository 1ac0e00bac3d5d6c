/**
 * Lexical cohesion (TextTiling, Hearst 1997): where the words used just before a point and just
 * after it have least in common, the subject most likely changed there, announced or not.
 */

/** Content words on each side of a gap that are compared: about 25 seconds of speech. */
const WINDOW_WORDS = 60;
/** Gaps looked at on each side for the peaks a dip is measured from. */
const MAX_CLIMB = 40;

/**
 * How strongly the subject changes before each unit (given as its content stems), 0 to 1 (0
 * before the first).
 *
 * The stems of about WINDOW_WORDS content words on each side of every gap are compared (cosine
 * of their counts); a gap's depth is how far the similarity dips there below the peaks on
 * either side. Only a gap deeper than its neighbours counts, scaled against the talk's own
 * depths (TextTiling's cut-off, the mean less half a standard deviation, is 0), so a talk that
 * wanders everywhere and one that never does are both read on their own terms.
 *
 * @example cohesionBreaks([['page', 'table'], ['tlb', 'miss'], …]) // [0, 0.1, 0, 0.9, 0, …]
 */
export function cohesionBreaks(units: readonly (readonly string[])[]): number[] {
  const n = units.length;
  const similarity = similarities(units);
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

/**
 * The cosine similarity of the stem counts on either side of each gap (0 before the first unit),
 * the two windows slid along the talk: each word enters and leaves each window once, and the dot
 * product and norms are kept up to date as it does, so the whole talk costs time in proportion
 * to its words.
 */
function similarities(units: readonly (readonly string[])[]): number[] {
  const n = units.length;
  const ids = new Map<string, number>();
  const unitIds = units.map((stems) => stems.map((s) => ids.get(s) ?? (ids.set(s, ids.size), ids.size - 1)));
  const left = new Int32Array(ids.size);
  const right = new Int32Array(ids.size);
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  const change = (side: Int32Array, other: Int32Array, unit: number, delta: 1 | -1): number => {
    let norm = 0;
    for (const id of unitIds[unit] as number[]) {
      const before = side[id] as number;
      side[id] = before + delta;
      norm += (before + delta) ** 2 - before ** 2;
      dot += delta * (other[id] as number);
    }
    return norm;
  };
  const words = (unit: number): number => (unitIds[unit] as number[]).length;

  const similarity = new Array<number>(n).fill(0);
  let leftFrom = 0; // left window: units [leftFrom, gap)
  let leftWords = 0;
  let rightTo = 0; // right window: units [gap, rightTo)
  let rightWords = 0;
  for (let gap = 1; gap < n; gap++) {
    // The unit before the gap leaves the right window and enters the left.
    if (rightTo > gap - 1) {
      rightNorm += change(right, left, gap - 1, -1);
      rightWords -= words(gap - 1);
    } else rightTo = gap;
    leftNorm += change(left, right, gap - 1, 1);
    leftWords += words(gap - 1);
    while (leftFrom < gap - 1 && leftWords - words(leftFrom) >= WINDOW_WORDS) {
      leftNorm += change(left, right, leftFrom, -1);
      leftWords -= words(leftFrom++);
    }
    while (rightTo < n && rightWords < WINDOW_WORDS) {
      rightNorm += change(right, left, rightTo, 1);
      rightWords += words(rightTo++);
    }
    similarity[gap] = leftNorm && rightNorm ? dot / Math.sqrt(leftNorm * rightNorm) : 0;
  }
  return similarity;
}
