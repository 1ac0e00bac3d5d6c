import { fitLine, quantile } from '../index/stats.js';

/** The statistics utterance breaks are found with (index/breaks.ts). */
describe('quantile', () => {
  /** The plain twin: sort, then take the value at the share's place. */
  const sorted = (values: number[], q: number): number => {
    const a = [...values].sort((x, y) => x - y);
    return a[Math.min(a.length - 1, Math.floor(q * a.length))] ?? 0;
  };

  it.each([
    [[5, 1, 4, 2, 3], 0.5, 3],
    [[1, 2], 0.5, 2],
    [[7], 0.8, 7],
    [[], 0.5, 0],
    [[2, 2, 2, 1], 0.5, 2],
  ])('of %j at %d is %d', (values, q, expected) => expect(quantile(values, q)).toBe(expected));

  it('agrees with sorting on random gaps, repeats included', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: 1 + Math.floor(next() * 40) }, () => Math.round(next() * 20) / 4);
      for (const q of [0, 0.2, 0.5, 0.8, 0.99]) expect(quantile(values, q)).toBe(sorted(values, q));
    }
  });
});

describe('fitLine', () => {
  it.each([
    ['a line through its points', [1, 2, 3], [2, 4, 6], [0, 1, 2], [0, 2]],
    ['only the chosen points count', [1, 2, 3, 4], [1, 2, 3, 100], [0, 1, 2], [0, 1]],
    ['flat where x does not vary', [2, 2, 2], [1, 2, 3], [0, 1, 2], [2, 0]],
    ['never falling: a negative slope is noise', [1, 2, 3], [3, 2, 1], [0, 1, 2], [2, 0]],
  ])('%s', (_rule, xs, ys, chosen, line) => expect(fitLine(xs, ys, chosen)).toEqual(line));
});
