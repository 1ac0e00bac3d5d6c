/*
 * The two statistics break finding needs over every gap of a library (index/breaks.ts): a
 * least-squares line through chosen points, and a quantile found without sorting.
 */

/**
 * `[a, b]` of the least-squares line `y = a + b x` through the chosen points; flat where x does
 * not vary, and never falling.
 *
 * @example fitLine([1, 2, 3], [2, 4, 6], [0, 1, 2]) // [0, 2]
 */
export function fitLine(xs: readonly number[], ys: readonly number[], chosen: readonly number[]): [number, number] {
  let sx = 0;
  let sy = 0;
  for (const j of chosen) {
    sx += xs[j] as number;
    sy += ys[j] as number;
  }
  const n = chosen.length || 1;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const j of chosen) {
    const dx = (xs[j] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[j] as number) - my);
  }
  // A longer unit never takes less time to say: a negative slope is noise.
  const b = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  return [my - b * mx, b];
}

/**
 * The value below which a share `q` of the values lie (the lower one between two).
 *
 * @example quantile([5, 1, 4, 2, 3], 0.5) // 3
 */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const a = Float64Array.from(values);
  const k = Math.min(a.length - 1, Math.floor(q * a.length));
  // Quickselect (Hoare): linear on average, where a sort is n log n; this runs over every gap of a library.
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}
